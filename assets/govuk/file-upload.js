// GOV.UK Frontend's file upload, for the one page that has it (importing candidates): bundled on
// its own into govuk/file-upload.min.js, so its 2 KB are not on every page (issue 20).
import { FileUpload, createAll } from "govuk-frontend";

createAll(FileUpload);
