# The seller's public portal: home, rate lookup, sign-up, sign-in,
# e-mail confirmation, password reset, and the site's header and footer.

## Header and footer
portal-skip-to-content = Skip to content
portal-my-account = My account
portal-console = Console
portal-log-out = Log out
portal-admin-sign-in = Admin sign-in
portal-logo-alt = { $name } logo
portal-footer = Billing by Ringledger
portal-unavailable = Ringledger is unavailable

## Words used on several pages
portal-sign-up = Sign up
portal-sign-in-to-account = Sign in to your account
portal-email = Email
portal-phone-number = Phone number
portal-remove = Remove
portal-service-sip = IP phone (SIP)
portal-bundle = Bundle
portal-per-month = { $amount } a month
portal-loading-offers = Loading what is on sale…

## Home page
portal-home-lead = Welcome to the { $name } portal: calls, numbers and services, on one bill.
portal-customer-sign-in = Customer sign-in
portal-staff-sign-in = Staff sign-in
portal-home-help = Need help? Write to
portal-nothing-on-sale = Nothing is on sale yet.
portal-offers-heading = What we offer
portal-plan-from-rate = { $plan }, from { $rate } a minute
portal-bundle-aria = Bundle { $name }
portal-bundle-minutes = { $count ->
    [one] { $count } minute a month to { $group }
   *[other] { $count } minutes a month to { $group }
}
portal-bundle-minutes-for = { $count ->
    [one] { $count } minute a month to { $group } ({ $services })
   *[other] { $count } minutes a month to { $group } ({ $services })
}

## Rate lookup
portal-rates-heading = What does a call cost?
portal-rates-check = Check price
portal-rates-enter-number = Enter a phone number.
portal-rates-none = No offer is priced yet.
portal-rates-no-rate = No rate for this number
portal-rates-caption = Prices for { $number }
portal-rates-offer = Offer
portal-rates-destination = Destination
portal-rates-per-minute = Price per minute
portal-rates-connect-fee = Connect fee
portal-rates-increments = Billing increments
portal-increments-title = Billed for the first { $first } seconds, then per { $next } seconds

## Sign-up
portal-signup-lead = Pick your services, then create your account: one balance and one bill for all of them.
portal-signup-nothing-on-sale = Nothing is on sale yet. Please come back later.
portal-signup-your-services = Your services
portal-signup-add-service = Add another service
portal-signup-creating = Creating your account…
portal-signup-create = Create my account
portal-signup-already = Already a customer?
portal-signup-about-you = About you
portal-signup-your-name = Your name
portal-signup-password-hint = At least 8 characters.
portal-signup-no-bundle = No bundle
portal-signup-bundle-option = { $name } — { $amount } a month
portal-signup-bundle-label = Bundle (optional)
portal-signup-bundle-hint = A bundle includes services and minutes for one monthly price.
portal-signup-choose-service = Choose at least one service or a bundle.
portal-signup-plan-required = Choose a plan for this service.
portal-signup-enter-ani = Enter the number you will call from, e.g. +44 20 7946 0000.
portal-signup-included = Included in the bundle
portal-signup-choose-plan = Choose a plan
portal-signup-service-n = Service { $number }
portal-signup-service = Service
portal-signup-plan = Plan
portal-signup-anis-hint = The numbers you will call from, in international format. Calls from them need no PIN.
portal-signup-add-number = Add another number
portal-signup-remove-service-n = Remove service { $number }
portal-signup-remove-service = Remove this service
portal-signup-remove-number-n = Remove phone number { $number }
portal-signup-price = You will pay { $amount } a month.
portal-signup-price-calls = You will pay { $amount } a month, plus your calls.
portal-signup-price-once = And { $amount } once, to set up your number.
portal-signup-welcome = Welcome, { $name }
portal-signup-check-email = Check your e-mail to confirm your address.
portal-signup-link-sent = We sent a link to { $email }. Confirm it, then sign in to your account.
portal-signup-credentials = Your credentials:
portal-signup-credentials-shown = shown here; reveal them again any time in your account.

## E-mail confirmation
portal-verify-heading = Confirm your e-mail
portal-verify-confirming = Confirming your address…
portal-verify-done = Your e-mail address is confirmed. Thank you!
portal-verify-no-token = This link has no token. Open the link from the e-mail again.
portal-verify-expired = The link may have expired or been used already.
portal-verify-if-confirmed = if your address is confirmed.
portal-verify-open-console = Open the console

## Customer sign-in
portal-login-confirm-first = Confirm your e-mail address first: open the link we sent you.
portal-login-suspended = This account is suspended or closed. Contact support.
portal-login-new-here = New here?
portal-login-forgot-password = Forgot your password?

## Password reset
portal-reset-heading = Reset your password
portal-reset-sent = If that address signs in here, we have e-mailed it a link to choose a new password. The link works once, for an hour.
portal-reset-send = E-mail me a link
portal-reset-back = Back to sign in
portal-reset-choose = Choose a new password
portal-reset-done = Your password is changed. Every device signed in with the old one is signed out.
portal-reset-new-password = New password
portal-reset-save = Save the new password

## Phone numbers (IP phones and video)
portal-numbers-country = Country
portal-numbers-digits = Digits
portal-numbers-find = Find numbers
portal-numbers-finding = Finding numbers…
portal-numbers-country-invalid = must be a two-letter code, like GB
portal-numbers-none = No free numbers match; try another country or fewer digits.
portal-numbers-fees = { $setup } setup, { $monthly } a month
portal-numbers-taken = That number was just taken; choose another.
portal-numbers-choose = Choose
portal-numbers-choose-n = Choose { $number }
portal-numbers-signup-hint = Optional: a phone number of your own, ringing this phone. Find one by its country (GB, FR) and digits it contains.
portal-numbers-held = { $number } held for you for { $minutes } minutes
portal-numbers-remove-n = Remove { $number }
