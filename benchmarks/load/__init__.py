"""The whole site under load: 100 simulated people browsing, against the server's floor."""
