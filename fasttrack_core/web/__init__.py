"""The web app (issue 6): server-rendered Danish pages, and the JSON API under /api."""
