"""Messages to people through GOV.UK Notify, or an outbox that keeps them in the database."""
