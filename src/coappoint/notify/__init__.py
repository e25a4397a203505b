"""Messages to people (email, SMS) through GOV.UK Notify, or an outbox that keeps them in the database."""
