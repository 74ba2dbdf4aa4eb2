"""Pure rules of the Fast track scheme: standard library only, no I/O, no clock reads."""
