"""Reusable test helpers: real servers and files that tests drive instead of mocks."""
