"""What people read, in Danish: dates and times (`danish`), the Jinja2 environment with the Danish
filters that emails, web pages and the steering report share (`templating`), and the links to
case pages and public pages (`links`).

Above the domain (whose ids and labels it shows), below `notify`, so every layer may use it.
"""
