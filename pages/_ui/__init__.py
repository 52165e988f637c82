"""Streamlit glue shared by dashboard.py and the pages, one concern per module:

- data: the database connection, cursors and the cached tables (keyed on the data version)
- filters: the sidebar filters kept in the URL
- session: secrets, login and the current user
- forms: the one write protocol, flash messages and the record versions a form saw
- navigation: the pages a user is offered, and the entry script running first

Domain logic stays in werkstatt/. The leading underscore keeps Streamlit from taking this
folder for a page.
"""
