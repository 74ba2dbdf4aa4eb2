"""Notifications (SPEC §6): rendering, the outbox, SMTP delivery, calendar invitations."""
