// Cities of the synthetic data: each with its state, GST state code and CIN state abbreviation, the
// range of its pincodes, the naming region of the people who live there, the other names the city is
// written under, and the streets and localities its addresses use.

import { pick, weighted } from "./random.mjs";

/** [city, state, GST code, CIN abbreviation, first pincode, pincodes, region, other spellings, weight] */
const CITY_ROWS = [
  ["Delhi", "Delhi", "07", "DL", 110001, 96, "north", ["New Delhi"], 9],
  ["Lucknow", "Uttar Pradesh", "09", "UP", 226001, 30, "north", [], 4],
  ["Kanpur", "Uttar Pradesh", "09", "UP", 208001, 27, "north", [], 3],
  ["Patna", "Bihar", "10", "BR", 800001, 30, "bihar", [], 4],
  ["Jaipur", "Rajasthan", "08", "RJ", 302001, 40, "north", [], 4],
  ["Gurugram", "Haryana", "06", "HR", 122001, 18, "north", ["Gurgaon"], 3],
  ["Ludhiana", "Punjab", "03", "PB", 141001, 17, "punjab", [], 3],
  ["Bhopal", "Madhya Pradesh", "23", "MP", 462001, 47, "north", [], 3],
  ["Mumbai", "Maharashtra", "27", "MH", 400001, 104, "maharashtra", ["Bombay"], 9],
  ["Pune", "Maharashtra", "27", "MH", 411001, 62, "maharashtra", ["Poona"], 6],
  ["Nagpur", "Maharashtra", "27", "MH", 440001, 37, "maharashtra", [], 3],
  ["Ahmedabad", "Gujarat", "24", "GJ", 380001, 63, "gujarat", ["Amdavad"], 5],
  ["Surat", "Gujarat", "24", "GJ", 395001, 23, "gujarat", [], 3],
  ["Bengaluru", "Karnataka", "29", "KA", 560001, 110, "karnataka", ["Bangalore"], 8],
  ["Chennai", "Tamil Nadu", "33", "TN", 600001, 119, "tamil", ["Madras"], 7],
  ["Coimbatore", "Tamil Nadu", "33", "TN", 641001, 50, "tamil", ["Kovai"], 3],
  ["Hyderabad", "Telangana", "36", "TG", 500001, 100, "telugu", ["Secunderabad"], 7],
  ["Visakhapatnam", "Andhra Pradesh", "37", "AP", 530001, 53, "telugu", ["Vizag", "Vishakhapatnam"], 3],
  ["Kochi", "Kerala", "32", "KL", 682001, 40, "kerala", ["Cochin", "Ernakulam"], 3],
  ["Thiruvananthapuram", "Kerala", "32", "KL", 695001, 43, "kerala", ["Trivandrum"], 2],
  ["Kolkata", "West Bengal", "19", "WB", 700001, 160, "bengal", ["Calcutta"], 7],
  ["Bhubaneswar", "Odisha", "21", "OR", 751001, 30, "odisha", ["Bhubaneshwar"], 2],
  ["Guwahati", "Assam", "18", "AS", 781001, 40, "assam", ["Gauhati"], 2],
];

export const CITIES = CITY_ROWS.map(([name, state, gst, cin, pin, pins, region, aliases, weight]) => ({
  name, state, gst, cin, pin, pins, region, aliases, weight,
}));

/** Streets and localities by region; addresses combine a house number, a building and one of these. */
const LOCALITIES = {
  north: ["Lajpat Nagar", "Karol Bagh", "Rajouri Garden", "Gomti Nagar", "Civil Lines", "Malviya Nagar", "Shastri Nagar", "Vaishali Nagar", "Sector 15", "Sector 21", "Model Town", "Ashok Vihar", "Janakpuri", "Kidwai Nagar"],
  bihar: ["Boring Road", "Kankarbagh", "Rajendra Nagar", "Patliputra Colony", "Bailey Road", "Anisabad"],
  punjab: ["Model Town", "Sarabha Nagar", "Civil Lines", "Dugri", "BRS Nagar", "Ghumar Mandi"],
  maharashtra: ["Baner Road", "Kothrud", "Andheri East", "Dadar West", "Shivaji Nagar", "Aundh", "Hadapsar", "Borivali West", "Ghatkopar East", "Dharampeth", "Sitabuldi", "Wakad", "Thane West"],
  gujarat: ["Navrangpura", "Satellite Road", "Maninagar", "Adajan", "Vastrapur", "Ghod Dod Road", "Paldi"],
  karnataka: ["Indiranagar", "Jayanagar 4th Block", "Koramangala", "Malleshwaram", "Whitefield", "Rajajinagar", "HSR Layout", "Basavanagudi"],
  tamil: ["Anna Nagar", "T Nagar", "Adyar", "Velachery", "Mylapore", "RS Puram", "Gandhipuram", "Tambaram"],
  telugu: ["Kukatpally", "Banjara Hills", "Ameerpet", "Madhapur", "Dilsukhnagar", "MVP Colony", "Dwaraka Nagar", "Gajuwaka"],
  kerala: ["MG Road", "Kaloor", "Edappally", "Pattom", "Kowdiar", "Vytilla", "Palarivattom"],
  bengal: ["Salt Lake Sector 1", "Ballygunge", "Behala", "Dum Dum", "Garia", "Tollygunge", "Park Circus"],
  odisha: ["Saheed Nagar", "Nayapalli", "Patia", "Jaydev Vihar", "Old Town"],
  assam: ["Zoo Road", "Dispur", "Beltola", "Chandmari", "Ganeshguri"],
};

const BUILDINGS = ["Sai Krupa Apartments", "Shanti Niketan", "Green Park Residency", "Lakshmi Nivas", "Ganga Heights", "Sunrise Towers", "Om Sai Complex", "Vrindavan Society", "Royal Enclave", "Krishna Kunj", "Silver Oak Apartments", "Balaji Residency"];
const STREETS = ["Main Road", "Station Road", "Temple Street", "Gandhi Road", "Nehru Street", "1st Cross", "2nd Main", "Church Road", "Market Road", "Link Road"];

export const pickCity = (r) => weighted(r, CITIES, (c) => c.weight);

/** A pincode of the city: its first one plus an offset (deliveries are numbered densely). */
export const pincodeIn = (r, city) => String(city.pin + Math.floor(r() * city.pins));

/** An address line as a clerk types it, in one of the regional habits (flat/building, house number). */
export function addressLine(r, city) {
  const locality = pick(r, LOCALITIES[city.region]);
  const roll = r();
  if (roll < 0.35) {
    const wing = r() < 0.3 ? `${pick(r, ["A", "B", "C"])}-` : "";
    return `Flat ${wing}${1 + Math.floor(r() * 12)}0${1 + Math.floor(r() * 8)}, ${pick(r, BUILDINGS)}, ${locality}`;
  }
  if (roll < 0.6) return `${1 + Math.floor(r() * 400)}, ${pick(r, STREETS)}, ${locality}`;
  if (roll < 0.8) return `H.No. ${1 + Math.floor(r() * 30)}-${1 + Math.floor(r() * 9)}-${10 + Math.floor(r() * 900)}, ${locality}`;
  return `Plot No. ${1 + Math.floor(r() * 250)}, ${pick(r, STREETS)}, ${locality}`;
}

/** A fresh address in `city` (or a random city). */
export function address(r, city = pickCity(r)) {
  return { city, line: addressLine(r, city), pincode: pincodeIn(r, city) };
}

/** The address as the API's `POST /contacts/addresses/` body takes it (without `contact_id`). */
export function addressBody(a, cityName = a.city.name) {
  return { address_line: a.line, city: cityName, state: a.city.state, pincode: a.pincode, country: "India" };
}
