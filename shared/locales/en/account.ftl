# The customer's account pages (/account): services, usage, invoices,
# payments, password, sessions and language.

## Shared by the account pages
account-session-ended = Your session has ended. Sign in again.
account-plan-monthly = { $name } — { $fee } a month
account-plan-per-minute = { $name } — pay per minute
account-service-sip = IP phone (SIP)
account-customer-status-pending-verification = pending verification
account-customer-status-suspended = suspended
account-customer-status-closed = closed
account-service-status-suspended = suspended
account-service-status-closed = closed

## A service's card
account-plan = Plan
account-in-bundle = Included in your bundle
account-serial = Serial number
account-phone-numbers = Phone numbers
account-sip-server = SIP server
account-copy-sip-server = Copy the SIP server
account-port = Port
account-sip-username = SIP username
account-copy-sip-username = Copy the SIP username
account-secret-pin = PIN
account-copy-pin = Copy the pin
account-copy-password = Copy the password
account-reveal-pin = Reveal PIN
account-reveal-password = Reveal Password
account-reveal = Reveal

## The account page
account-loading = Loading your account…
account-title = Your account
account-add-service = Add a service
account-new-service = Your new service
account-new-service-ready = Your new service is ready.
account-new-service-note = Its credentials are shown here; reveal them again any time on its card below.
account-credit-limit = Credit limit
account-balance = Balance
account-status-line = Account status: { $status }
account-no-services = No services yet
account-no-services-note = Your services will show here.
account-kind = Account
account-postpaid = Postpaid
account-prepaid = Prepaid
account-billing-day = Billing day
account-billing-day-value = Day { $day } of the month
account-services = Your services
account-have-card = I have a card
account-change-password = Change password
account-language-note = Your pages, e-mails and invoices are written in this language.
account-language-saved = Saved.

## Phone numbers, SIP password, login password, cards and new services
account-enter-number = Enter a phone number.
account-remove-number = Remove { $number }
account-remove = Remove
account-add-number-label = Add a phone number
account-add-number = Add number
account-reset-sip-confirm = Set a new SIP password? Your phone must then use the new one.
account-reset-sip = Reset SIP password
account-new-sip-password = New SIP password:
account-current-password = Current password
account-current-password-required = Current password is required.
account-new-password = New password
account-password-hint = At least 8 characters.
account-password-too-short = New password must be at least { $count } characters.
account-password-too-long = New password must be at most { $count } characters.
account-password-blank = New password must not be only spaces.
account-password-changed = Your password is changed.
account-card-pin = Card PIN
account-card-pin-required = Card PIN is required.
account-card-pin-hint = The PIN printed on your card; its balance is added to your account.
account-register-card = Register card
account-new-service-kind = New service
account-plan-for-it = Plan for it
account-choose-plan = Choose a plan
account-number-to-call-from = Phone number to call from
account-add-service-button = Add service

## Usage
account-usage = Your usage
account-usage-period = Usage period
account-from = From
account-to = To
account-show = Show
account-usage-loading = Loading your usage…
account-period-range = { $from } to { $to }
account-usage-summary = { $from } to { $to }: { $calls }, { $total }
account-usage-no-services = No services
account-usage-no-services-note = Usage shows here once you have a service.
account-usage-per-service = Usage per service, { $period }
account-col-service = Service
account-col-calls = Calls
account-col-minutes = Minutes
account-col-included = Included minutes
account-col-cost = Cost
account-no-calls = No calls in this period
account-no-calls-note = The cost of each day's calls shows here as a chart.
account-cost-per-day = Cost per day

## Invoices
account-invoices = Your invoices
account-invoices-loading = Loading your invoices…
account-no-invoices = No invoices yet
account-no-invoices-note = Your first invoice arrives after your first billing period, with every service on it.
account-save-failed = The browser could not save the file.
account-col-number = Number
account-col-period = Period
account-col-total = Total
account-col-amount-due = Amount due
account-col-paid = Paid
account-col-status = Status
account-col-pdf = PDF
account-col-payment = Payment
account-download = Download
account-download-pdf = Download { $number } as PDF
account-invoice-status-open = open
account-invoice-status-overdue = overdue
account-invoice-status-paid = paid
account-invoice-status-void = void
account-invoice = Invoice
account-invoice-title = Invoice { $number }
account-invoice-loading = Loading the invoice…
account-voided-by = Voided by credit note { $number }.
account-due = Due
account-invoice-lines = Lines of { $number }
account-col-description = Description
account-col-net = Net
account-col-tax = Tax
account-invoice-payments = Payments of this invoice
account-pay-now = Pay now
account-card-payments-unavailable = Card payments are not available; contact { $seller } to pay by other means.
account-payment-page-failed = The browser could not open the payment page.

## Payments
account-payments = Payments
account-payments-loading = Loading your payments…
account-your-payments = Your payments
account-no-payments = No payments yet
account-no-payments-note = Your card payments, top-ups and the payments your provider records show here.
account-col-date = Date
account-col-what = What
account-amount = Amount
account-col-reference = Card or reference
account-col-failure = Failure
account-refunded = ({ $amount } refunded)
account-purpose-top-up = Top-up
account-purpose-auto-charge = Automatic charge
account-purpose-card-saved = Card saved
account-payment-status-pending = pending
account-payment-status-succeeded = succeeded
account-payment-status-failed = failed
account-payment-status-canceled = canceled
account-card-payments-off = Card payments are not configured by your provider.
account-saved-card = Saved card
account-saved-card-label = Saved card:
account-remove-card = Remove card
account-card-removed = Card removed.
account-no-card = No card saved. Save one to pay in one click and to top up automatically.
account-save-card = Save a card
account-card-page-failed = The browser could not open the card page.
account-top-up-by-card = Top up by card
account-in-currency = In { $currency }.
account-save-this-card = Save this card
account-replaces-card = It replaces the card saved now.
account-card-for-later = For auto top-up and later payments.
account-top-up = Top up
account-auto-top-up = Auto top-up
account-top-up-automatically = Top up automatically
account-top-up-below = When the balance falls below
account-top-up-by = Top up by
account-auto-top-up-saved = Auto top-up saved.
account-auto-top-up-off = Auto top-up is off.

## Back from the card payment page
account-checking-payment = Checking your payment…
account-payment-received = Payment received — thank you.
account-card-saved = Your card is saved.
account-payment-pending = Payment pending…
account-payment-failed = Payment failed.
account-payment-cancelled = Payment cancelled.

## Sessions
account-sessions = Your sessions
account-sessions-note = Where you are signed in. Sign out any you do not recognise, then change your password.
account-sessions-loading = Loading sessions…
account-col-device = Device
account-col-address = Address
account-col-signed-in = Signed in
account-col-last-used = Last used
account-col-actions = Actions
account-this-session = this one
account-sign-out-device = Sign out { $device }
account-calls = Your calls
account-calls-search = Search your calls
account-calls-every-service = Every service
account-calls-number = Number called
account-calls-loading = Loading your calls…
account-calls-none = No calls found
account-calls-none-note = Each call you make shows here once it has been rated: when, the number, how long and what it cost.
account-calls-shown = Calls { $first }–{ $last } of { $total }
account-calls-time = Time (UTC)
account-calls-duration = Duration
account-calls-billed = Billed
account-calls-included = From allowance
account-calls-charge = Charge
account-calls-pages = Pages of calls
account-calls-previous = Previous
account-calls-next = Next
account-export-csv = Export CSV
account-exporting = Exporting…
account-itemized = Itemized invoices
account-itemized-label = List every call on my invoices
account-itemized-hint = Each invoice then ends with its calls, service by service: when, the number, how long and what each cost.
account-itemized-saved = Saved: your next invoices follow it.

## Phone numbers (IP phones and video)
account-numbers-none = No phone number yet: take one below and calls to it ring this phone.
account-numbers-porting-out = porting out
account-numbers-give-back = Give back
account-numbers-give-back-n = Give back { $number }
account-numbers-give-back-confirm = Give back { $number }? It is billed until today, and calls to it no longer ring this phone. You cannot take it back.
account-numbers-add = Add a phone number
account-numbers-take-n = Take { $number }
