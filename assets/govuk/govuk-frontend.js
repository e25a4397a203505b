// GOV.UK Frontend's scripts for the components coappoint's pages use, bundled alone into
// govuk/govuk-frontend.min.js (issue 20: all of them cost a phone 11 KB more than these). The
// same `initAll` as GOV.UK Frontend's, over this list: a page using another component with a
// script (an accordion, tabs, a character count, a password input) adds it here, or, when
// only a staff page or two use it, in a bundle of its own as file-upload.js.
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
} from "govuk-frontend";

const COMPONENTS = [
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
];

export function initAll(scopeOrOptions) {
  for (const Component of COMPONENTS) {
    createAll(Component, undefined, scopeOrOptions);
  }
}
