# invoice
