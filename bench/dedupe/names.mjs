// Indian personal names by naming region, most common first, and how each region puts a name
// together: North Indian given name + surname (with Kumar/Devi), Sikh Singh/Kaur, Maharashtrian and
// Gujarati given + father's name + surname, Tamil father's initial + given name, Telugu family name
// first, Kerala and Christian names, and Muslim names across regions. Lists are ranked so that a few
// names are very common, as in real data: hard negatives (different people, one name) come for free.

const M = {
  north: ["Rajesh", "Sanjay", "Amit", "Rahul", "Sunil", "Anil", "Vijay", "Ramesh", "Suresh", "Manoj", "Ashok", "Deepak", "Rakesh", "Pankaj", "Vinod", "Ajay", "Mukesh", "Pradeep", "Rohit", "Vikas", "Naveen", "Gaurav", "Ravi", "Arun", "Dinesh", "Sandeep", "Alok", "Ankit", "Abhishek", "Vivek", "Nitin", "Saurabh", "Harish", "Yogesh", "Kamlesh", "Shyam", "Mohan", "Krishna", "Lalit", "Hemant"],
  punjab: ["Gurpreet", "Harpreet", "Manpreet", "Jaswinder", "Sukhwinder", "Baljit", "Amarjit", "Kulwinder", "Paramjit", "Harjinder", "Gurdeep", "Jasbir", "Ranjit", "Inderjit", "Davinder"],
  maharashtra: ["Sachin", "Rahul", "Sandeep", "Prashant", "Ganesh", "Mahesh", "Sunil", "Vijay", "Nitin", "Amol", "Santosh", "Rajendra", "Dattatray", "Vinayak", "Shrikant", "Anand", "Tushar", "Sagar", "Pravin", "Kiran", "Umesh", "Ajit"],
  gujarat: ["Ramesh", "Mahesh", "Jignesh", "Hitesh", "Paresh", "Nilesh", "Bharat", "Dilip", "Kalpesh", "Mukesh", "Rajesh", "Chirag", "Hardik", "Ketan", "Jayesh", "Bhavesh", "Alpesh", "Dharmesh"],
  karnataka: ["Manjunath", "Ravi", "Srinivas", "Prakash", "Nagaraj", "Suresh", "Raghavendra", "Mahesh", "Shivakumar", "Kiran", "Venkatesh", "Ramesh", "Girish", "Praveen", "Chandrashekar", "Santosh"],
  tamil: ["Murugan", "Senthil", "Karthik", "Ramesh", "Kumar", "Saravanan", "Balaji", "Rajesh", "Vignesh", "Arun", "Prabhu", "Ganesh", "Selvam", "Sivakumar", "Ramachandran", "Venkatesan", "Anand", "Sundar"],
  telugu: ["Srinivas", "Venkatesh", "Ramesh", "Suresh", "Ravi", "Prasad", "Nagaraju", "Satyanarayana", "Venkata Ramana", "Srinivasa", "Krishna", "Mahesh", "Kiran", "Raju", "Anil", "Chandra Sekhar"],
  kerala: ["Anil", "Suresh", "Rajesh", "Sreejith", "Pradeep", "Biju", "Sunil", "Manoj", "Vinod", "Ajith", "Rajeev", "Santhosh", "Shaji", "Unnikrishnan"],
  bengal: ["Subhash", "Amit", "Sourav", "Debashis", "Partha", "Arijit", "Tapas", "Sanjib", "Abhijit", "Biswajit", "Prasenjit", "Sudip", "Kaushik", "Indranil", "Rajib", "Pranab"],
  odisha: ["Prasanta", "Sanjay", "Debasis", "Manas", "Bijay", "Ashok", "Pradeep", "Subrat", "Ranjan", "Bikash"],
  assam: ["Bhaskar", "Dipankar", "Pranjal", "Hemanta", "Nayan", "Dhruba", "Anupam", "Rupam", "Bikash"],
  muslim: ["Mohammed", "Abdul", "Imran", "Irfan", "Salman", "Arif", "Javed", "Rizwan", "Aslam", "Shahid", "Faisal", "Asif", "Nadeem", "Sajid", "Zahid", "Tariq", "Rashid", "Wasim", "Anwar", "Iqbal"],
  christian: ["Thomas", "Joseph", "George", "John", "Antony", "Francis", "Mathew", "Paul", "Peter", "Sebastian", "Wilson", "Jacob"],
};
const F = {
  north: ["Sunita", "Anita", "Pooja", "Neha", "Priya", "Rekha", "Kavita", "Suman", "Geeta", "Seema", "Poonam", "Rita", "Sangeeta", "Manju", "Meena", "Anjali", "Shweta", "Nisha", "Sarita", "Usha", "Kiran", "Preeti", "Ritu", "Shalini", "Lakshmi", "Radha", "Savita", "Mamta"],
  punjab: ["Harpreet", "Manpreet", "Gurpreet", "Jaspreet", "Amandeep", "Rajwinder", "Kulwinder", "Simran", "Navneet", "Baljeet"],
  maharashtra: ["Sunita", "Swati", "Priya", "Anjali", "Vaishali", "Ashwini", "Sneha", "Pooja", "Manisha", "Shubhangi", "Rupali", "Madhuri", "Pallavi", "Jyoti", "Sujata", "Archana"],
  gujarat: ["Hetal", "Nisha", "Bhavna", "Kinjal", "Komal", "Dipti", "Jigna", "Falguni", "Rekha", "Mittal", "Hina", "Krupa", "Pooja", "Varsha"],
  karnataka: ["Lakshmi", "Kavitha", "Shilpa", "Deepa", "Savitha", "Roopa", "Asha", "Sowmya", "Vidya", "Rekha", "Pushpa", "Geetha"],
  tamil: ["Lakshmi", "Priya", "Kavitha", "Meena", "Selvi", "Vijaya", "Malathi", "Revathi", "Sangeetha", "Deepa", "Gayathri", "Saranya", "Jayanthi", "Tamilselvi"],
  telugu: ["Lakshmi", "Padma", "Sravani", "Swapna", "Sirisha", "Anusha", "Radha", "Jyothi", "Divya", "Srilatha", "Madhavi", "Aruna", "Vijaya Lakshmi"],
  kerala: ["Lakshmi", "Sreeja", "Divya", "Bindu", "Anitha", "Smitha", "Sindhu", "Remya", "Sheeba", "Asha", "Priya"],
  bengal: ["Rina", "Moumita", "Sumana", "Rupa", "Mousumi", "Sharmila", "Paramita", "Sanchita", "Tanushree", "Sutapa", "Anindita", "Debjani"],
  odisha: ["Sasmita", "Smita", "Mamata", "Sabita", "Sujata", "Pragyan", "Jyotsna"],
  assam: ["Rupjyoti", "Nandita", "Pallavi", "Jonali", "Mousumi", "Bornali"],
  muslim: ["Fatima", "Ayesha", "Nazia", "Shabana", "Farheen", "Rukhsar", "Shaista", "Nasreen", "Zainab", "Sana", "Rubina", "Tabassum", "Yasmin", "Salma"],
  christian: ["Mary", "Elizabeth", "Annamma", "Sheela", "Jessy", "Lissy", "Maria", "Teresa", "Susan", "Alice"],
};
const SURNAMES = {
  north: ["Kumar", "Sharma", "Singh", "Verma", "Gupta", "Yadav", "Mishra", "Tiwari", "Pandey", "Srivastava", "Agarwal", "Jain", "Chauhan", "Saxena", "Chaudhary", "Rastogi", "Tripathi", "Dubey", "Shukla", "Bansal", "Goel", "Mittal", "Kapoor", "Malhotra", "Khanna", "Arora", "Bhatia", "Rajput"],
  bihar: ["Kumar", "Singh", "Prasad", "Yadav", "Sinha", "Jha", "Mishra", "Thakur", "Mahto", "Paswan", "Choudhary", "Ranjan"],
  punjab: ["Gill", "Sandhu", "Dhillon", "Sidhu", "Grewal", "Bajwa", "Brar", "Randhawa"],
  maharashtra: ["Patil", "Jadhav", "Pawar", "Deshmukh", "Kulkarni", "Joshi", "Deshpande", "Shinde", "More", "Gaikwad", "Kale", "Chavan", "Bhosale", "Kadam", "Salunkhe", "Wagh"],
  gujarat: ["Patel", "Shah", "Mehta", "Desai", "Modi", "Parikh", "Trivedi", "Joshi", "Pandya", "Bhatt", "Chauhan", "Solanki", "Thakkar"],
  karnataka: ["Gowda", "Rao", "Shetty", "Hegde", "Naik", "Kulkarni", "Bhat", "Reddy", "Patil", "Murthy", "Achar"],
  telugu: ["Reddy", "Rao", "Naidu", "Chowdary", "Varma", "Raju", "Goud", "Sharma", "Yadav", "Setty"],
  kerala: ["Nair", "Menon", "Pillai", "Kurup", "Nambiar", "Panicker", "Warrier", "Das", "Kumar"],
  bengal: ["Das", "Banerjee", "Chatterjee", "Mukherjee", "Ghosh", "Bose", "Sen", "Roy", "Dutta", "Chakraborty", "Sarkar", "Bhattacharya", "Mondal", "Saha", "Majumdar"],
  odisha: ["Mohanty", "Patnaik", "Das", "Sahoo", "Mishra", "Panda", "Behera", "Nayak", "Swain", "Rout"],
  assam: ["Bora", "Baruah", "Das", "Gogoi", "Saikia", "Kalita", "Hazarika", "Deka"],
  muslim: ["Khan", "Shaikh", "Ansari", "Qureshi", "Siddiqui", "Syed", "Pathan", "Hussain", "Ahmed", "Mirza", "Sheikh", "Malik", "Mansuri", "Rahman"],
  christian: ["D'Souza", "Fernandes", "Pereira", "Rodrigues", "Mathew", "Varghese", "Thomas", "Joseph", "George", "Dsilva", "Pinto", "Kurian"],
};
/** Tamil names carry the father's given name, not a surname; these are fathers' names. */
const TAMIL_FATHERS = ["Krishnan", "Subramanian", "Ramasamy", "Murugesan", "Palanisamy", "Raman", "Kandasamy", "Natarajan", "Shanmugam", "Arumugam", "Govindan", "Rajendran", "Srinivasan", "Venkatesan"];

/** A Zipf-like rank weight: the first name of a list is far more common than the last. */
const zipf = (r, list, s = 1.0) => {
  const total = list.reduce((t, _, i) => t + 1 / (i + 1) ** s, 0);
  let x = r() * total;
  for (let i = 0; i < list.length; i++) {
    x -= 1 / (i + 1) ** s;
    if (x < 0) return list[i];
  }
  return list[list.length - 1];
};

/** The naming community of a person living in `region`: some Muslim and Christian families everywhere. */
export function community(r, region) {
  const roll = r();
  if (roll < 0.12) return "muslim";
  if (roll < (region === "kerala" ? 0.35 : 0.15)) return "christian";
  return region;
}

const list = (table, key, fallback = "north") => table[key] ?? table[fallback];

/** A given name for this community and gender. */
export const givenName = (r, comm, gender) => zipf(r, list(gender === "f" ? F : M, comm), 0.9);

/** A family surname (or, for Tamil families, the father's given name used in its place). */
export function familyName(r, comm) {
  if (comm === "tamil") return zipf(r, TAMIL_FATHERS, 0.8);
  return zipf(r, list(SURNAMES, comm), 1.0);
}

/**
 * A person's name parts: `given` (may be two words), `middle` (a father's name or Kumar/Devi, or
 * ""), `surname`, and `style`, which says how the parts are written (see `writeName`).
 */
export function personName(r, comm, gender, surname, fatherGiven) {
  const given = givenName(r, comm, gender);
  let middle = "";
  let style = "western";
  if (comm === "north" || comm === "bihar") {
    const roll = r();
    if (gender === "m" && roll < 0.25) middle = zipf(r, ["Kumar", "Prasad", "Chandra", "Nath", "Lal"]);
    if (gender === "f" && roll < 0.2) middle = zipf(r, ["Kumari", "Devi", "Rani"]);
  } else if (comm === "punjab") {
    middle = gender === "m" ? "Singh" : "Kaur";
    if (r() < 0.4) surname = ""; // many Sikhs write only Singh/Kaur
  } else if (comm === "maharashtra" || comm === "gujarat") {
    if (r() < 0.5) middle = fatherGiven ?? givenName(r, comm, "m");
    if (middle === given) middle = "";
  } else if (comm === "tamil") {
    style = r() < 0.45 ? "tamil_initial" : "tamil"; // "K. Ramesh" (the father's initial) or "Ramesh Krishnan"
  } else if (comm === "telugu") {
    style = r() < 0.5 ? "telugu" : "western"; // "Reddy Venkata Ramana" or "Venkata Ramana Reddy"
  } else if (comm === "muslim" && gender === "m" && given !== "Mohammed" && r() < 0.3) {
    return { given: `Mohammed ${given}`, middle, surname, style };
  }
  return { given, middle, surname, style };
}

/** The name as it was first written down (the original record). */
export function writeName(p) {
  if (p.style === "tamil_initial") return `${p.surname[0]}. ${p.given}`;
  const parts = p.style === "telugu" ? [p.surname, p.given, p.middle] : [p.given, p.middle, p.surname];
  return parts.filter(Boolean).join(" ");
}
