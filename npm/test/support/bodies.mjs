// Bodies the Node tests of the package start from: a valid contact with a prop, and a contact id.
export const OWNER = "01JQ8Z6V3K9N2M4P5R7S8T0W1X";

export const contact = Object.freeze({
  name: "Rajesh Kumar",
  namespace: "Retail Banking",
  status: "active",
  type: "individual",
  props: [{ key: "pan_no", value: "ABCPK1234L", type: "text" }],
});
