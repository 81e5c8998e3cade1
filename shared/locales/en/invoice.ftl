# The invoice PDF. Line descriptions (plan and bundle names) are printed as
# stored; amounts and dates are formatted for the customer's language.

## Heading
invoice-title = INVOICE
invoice-title-void = INVOICE (VOID)
invoice-from = From
invoice-bill-to = Bill to
invoice-tax-id = Tax id: { $id }
invoice-period = Period
invoice-period-range = { $start } to { $end }
invoice-issued = Issued
invoice-due = Due
invoice-currency = Currency

## The lines table
invoice-description = Description
invoice-calls = Calls
invoice-minutes = Minutes
invoice-tax-rate = Tax %
invoice-net = Net
invoice-tax = Tax
invoice-amount = Amount
invoice-nothing = Nothing to bill in this period.
invoice-included-minutes = { $minutes } included minutes used
invoice-group-bundles = Bundles
invoice-group-other = Other charges and credits
invoice-group-calling-card = Calling card
invoice-group-pinless = PINless dialing
invoice-group-sip = IP phone (SIP)
invoice-group-video = Video

## Totals and statement
invoice-subtotal = Subtotal
invoice-tax-total = Tax
invoice-total = Total
invoice-brought-forward = Balance brought forward
invoice-payments = Payments and top-ups received
invoice-paid-from-balance = Paid from your prepaid balance
invoice-amount-due = Amount due

## Footer
invoice-voided = Voided by credit note { $number }.
invoice-pay-now = Pay now: { $link }
invoice-paid = Paid. Thank you.
invoice-footer = { $seller } — invoice { $number }
invoice-appendix-title = Itemized calls
invoice-appendix-continued = { $service } (continued)
invoice-appendix-time = Time (UTC)
invoice-appendix-number = Number called
invoice-appendix-duration = Duration
invoice-appendix-billed = Billed
invoice-appendix-allowance = Allowance
invoice-appendix-charge = Charge
invoice-appendix-total = { $calls }, { $total }
