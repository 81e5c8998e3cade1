# Words used across the portal, the account pages, the e-mails and invoices.
common-sign-in = Sign in
common-sign-out = Sign out
common-hello = Hello { $name },
common-language = Language
common-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
common-calls = { $count ->
    [one] { $count } call
   *[other] { $count } calls
}
common-save = Save
common-cancel = Cancel
common-loading = Loading…
common-email = E-mail
common-password = Password
common-name = Name
common-copy = Copy
common-copy-by-hand = Select it and copy
common-copied = Copied
common-service-sip = IP phone
common-service-video = Video
common-service-card = Calling card
common-service-pinless = PINless dialing
