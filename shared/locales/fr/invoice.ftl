# La facture en PDF. Les libellés des lignes (noms des offres et des
# forfaits) sont imprimés tels qu'enregistrés ; montants et dates suivent la
# langue du client.

## En-tête
invoice-title = FACTURE
invoice-title-void = FACTURE (ANNULÉE)
invoice-from = Émetteur
invoice-bill-to = Facturé à
invoice-tax-id = N° de TVA : { $id }
invoice-period = Période
invoice-period-range = du { $start } au { $end }
invoice-issued = Date d'émission
invoice-due = Échéance
invoice-currency = Devise

## Le tableau des lignes
invoice-description = Désignation
invoice-calls = Appels
invoice-minutes = Minutes
invoice-tax-rate = Taux %
invoice-net = HT
invoice-tax = Taxe
invoice-amount = TTC
invoice-nothing = Rien à facturer pour cette période.
invoice-included-minutes = { $minutes } minutes incluses utilisées
invoice-group-bundles = Forfaits
invoice-group-other = Autres frais et avoirs
invoice-group-calling-card = Carte téléphonique
invoice-group-pinless = Appels sans code PIN
invoice-group-sip = Téléphone IP (SIP)
invoice-group-video = Vidéo

## Totaux et relevé
invoice-subtotal = Sous-total
invoice-tax-total = Taxes
invoice-total = Total
invoice-brought-forward = Solde reporté
invoice-payments = Paiements et recharges reçus
invoice-paid-from-balance = Payé avec votre solde prépayé
invoice-amount-due = Montant dû

## Pied de page
invoice-voided = Annulée par l'avoir { $number }.
invoice-pay-now = Payer maintenant : { $link }
invoice-paid = Payée. Merci.
invoice-footer = { $seller } — facture { $number }
invoice-appendix-title = Détail des appels
invoice-appendix-continued = { $service } (suite)
invoice-appendix-time = Heure (UTC)
invoice-appendix-number = Numéro appelé
invoice-appendix-duration = Durée
invoice-appendix-billed = Facturé
invoice-appendix-allowance = Forfait
invoice-appendix-charge = Montant
invoice-appendix-total = { $calls }, { $total }
