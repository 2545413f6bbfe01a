// The validation race run inside Chromium (bench/browser.mjs bundles this with esbuild and hands it the
// package as the page imported it): validateContact against zod 4's safeParse, and the two Standard
// Schemas' `~standard.validate` (ours also builds the body to send; zod's its parsed copy), on the same
// 10k contact bodies as under Node.
import { contactSchema, contacts } from "./contacts.mjs";
import { race } from "./race.mjs";

export function run(pkg) {
  const items = contacts();
  const validate = race(items, {
    "@crego/validation": (c) => pkg.validateContact(c).ok,
    "zod 4": (c) => contactSchema.safeParse(c).success,
  });
  const standard = race(items, {
    "@crego/validation": (c) => !pkg.contactSchema["~standard"].validate(c).issues,
    "zod 4": (c) => !contactSchema["~standard"].validate(c).issues,
  });
  return { count: items.length, validate, standard };
}
