// Starts GOV.UK Frontend's components; pages work without it (progressive enhancement).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
