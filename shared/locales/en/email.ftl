# The e-mails a customer receives. A body is assembled from these messages,
# its paragraphs joined by blank lines; the greeting is `common-hello`.

## Words used in several e-mails
email-hello = Hello,
email-thank-you = Thank you.
email-your-provider = your provider

## Sign-up: the verification link, or the welcome of an account opened by staff
email-verify-subject = Confirm your e-mail for { $seller }
email-verify-intro = welcome to { $seller }. Confirm your e-mail address to activate your account:
email-verify-validity = { $days ->
    [one] The link is valid for { $days } day. If you did not sign up, ignore this message.
   *[other] The link is valid for { $days } days. If you did not sign up, ignore this message.
}
email-welcome-subject = Your account with { $seller }
email-welcome-intro = { $seller } has opened an account for you. Sign in with this e-mail address and the password you were given:

## Password reset
email-reset-subject = Reset your { $seller } password
email-reset-whose-customer = { $seller } account
email-reset-intro = someone (we hope you) asked to reset the password of your { $whose } login.
email-reset-choose = Choose a new password here:
email-reset-validity = The link works once, for { $minutes } minutes; every device signed in with the old password is then signed out. If you did not ask, ignore this message: your password stays as it is.

## The invoice (its PDF attached)
email-invoice-subject = Invoice { $number } from { $seller }
email-invoice-attached = your invoice { $number } from { $seller } for { $start } to { $end } is attached.
email-invoice-total = Total: { $amount }
email-invoice-due = Amount due: { $amount } by { $date }
email-invoice-pay = Pay now: { $link }

## Payments
email-receipt-subject = Payment received: { $amount }
email-receipt-body = we received your payment of { $amount } ({ $reference }).
email-failed-subject = Your payment of { $amount } failed
email-failed-body = we could not charge your card { $amount } ({ $what }): { $message }
email-failed-retry = We will try again on { $date }.
email-failed-auto-top-up-off = Auto top-up is now off; turn it on again once your card is updated.
email-failed-pay-yourself = Please pay from your account page.
email-failed-reference = Payment reference: { $id }
email-what-invoice = card payment of invoice { $invoice }
email-what-auto-charge = automatic card charge of invoice { $invoice }
email-what-top-up = top-up by card
email-what-auto-top-up = auto top-up by card
email-what-manual-invoice = payment of invoice { $invoice }: { $reference }
email-what-payment = payment received: { $reference }

## Services suspended for an unpaid invoice
email-suspended-subject = Services suspended: invoice { $number } is unpaid
email-suspended-body = invoice { $number } ({ $amount }) was due on { $date } and is still unpaid, so your services are suspended. Pay it from your account page and they resume at once.

## Low balance
email-low-balance-subject = Low balance on your { $seller } account
email-low-balance-body = your balance is now { $balance } — below the { $threshold } you asked to be warned about.
email-low-balance-top-up = Top up to keep calling.
email-fraud-suspended-subject = A service of your { $seller } account was stopped for unusual spend
email-fraud-suspended-body = your { $service } service spent { $spend } in the last hour, far above its usual { $usual } an hour, so we stopped its calls to protect you from fraud.
email-fraud-suspended-next = If you made these calls, contact us and we will turn the service back on. If not, change your passwords and the SIP credentials of your phones.
