// The app: one contact form (ContactForm.tsx), mounted in strict mode.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { ContactForm } from "./ContactForm";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ContactForm />
  </StrictMode>,
);
