"""Value types, one small module each (followthemoney's idea): dates, money, countries, names."""
