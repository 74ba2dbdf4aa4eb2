"""fasttrack: the Danish job centres' Fast track scheme for sick-listed employees."""
