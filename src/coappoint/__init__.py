"""coappoint: community recruitment for Local Area Coordination."""
