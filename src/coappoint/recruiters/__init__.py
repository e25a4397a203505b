"""Community recruiters: local people who co-appoint their coordinator, and who they know."""
