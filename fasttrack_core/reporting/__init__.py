"""The steering group's status report (SPEC §7): KPIs in SQL, charts, HTML, PDF and JSON."""
