"""What people read: Danish dates and times (`danish`), English ones and the choice of language
(`language`), the Jinja2 environment with the Danish filters that emails, web pages and the
steering report share (`templating`), the links to case pages and public pages (`links`), and
every page text a citizen or a leader reads, in Danish and English (`texts`).

Above the domain (whose ids and labels it shows), below `notify`, so every layer may use it.
"""
