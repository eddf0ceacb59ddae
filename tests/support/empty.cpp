// tests/support/empty.cpp — keeps the support library non-empty.
