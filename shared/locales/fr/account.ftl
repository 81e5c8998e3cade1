# Les pages du compte client (/account) : services, consommation, factures,
# paiements, mot de passe, sessions et langue.

## Communs aux pages du compte
account-session-ended = Votre session a expiré. Veuillez vous reconnecter.
account-plan-monthly = { $name } — { $fee } par mois
account-plan-per-minute = { $name } — paiement à la minute
account-service-sip = Téléphone IP (SIP)
account-customer-status-pending-verification = en attente de vérification
account-customer-status-suspended = suspendu
account-customer-status-closed = clôturé
account-service-status-suspended = suspendu
account-service-status-closed = résilié

## La fiche d’un service
account-plan = Forfait
account-in-bundle = Inclus dans votre offre groupée
account-serial = Numéro de série
account-phone-numbers = Numéros de téléphone
account-sip-server = Serveur SIP
account-copy-sip-server = Copier le serveur SIP
account-port = Port
account-sip-username = Identifiant SIP
account-copy-sip-username = Copier l’identifiant SIP
account-secret-pin = Code PIN
account-copy-pin = Copier le code PIN
account-copy-password = Copier le mot de passe
account-reveal-pin = Afficher le code PIN
account-reveal-password = Afficher le mot de passe
account-reveal = Afficher

## La page du compte
account-loading = Chargement de votre compte…
account-title = Votre compte
account-add-service = Ajouter un service
account-new-service = Votre nouveau service
account-new-service-ready = Votre nouveau service est prêt.
account-new-service-note = Ses identifiants sont affichés ici ; vous pourrez les afficher à nouveau à tout moment sur sa fiche, plus bas.
account-credit-limit = Plafond de crédit
account-balance = Solde
account-status-line = État du compte : { $status }
account-no-services = Aucun service pour l’instant
account-no-services-note = Vos services s’afficheront ici.
account-kind = Compte
account-postpaid = Postpayé
account-prepaid = Prépayé
account-billing-day = Jour de facturation
account-billing-day-value = Le { $day } de chaque mois
account-services = Vos services
account-have-card = J’ai une carte
account-change-password = Changer le mot de passe
account-language-note = Vos pages, e-mails et factures sont rédigés dans cette langue.
account-language-saved = Enregistré.

## Numéros de téléphone, mot de passe SIP, mot de passe de connexion, cartes et nouveaux services
account-enter-number = Saisissez un numéro de téléphone.
account-remove-number = Retirer le { $number }
account-remove = Retirer
account-add-number-label = Ajouter un numéro de téléphone
account-add-number = Ajouter le numéro
account-reset-sip-confirm = Définir un nouveau mot de passe SIP ? Votre téléphone devra ensuite utiliser le nouveau.
account-reset-sip = Réinitialiser le mot de passe SIP
account-new-sip-password = Nouveau mot de passe SIP :
account-current-password = Mot de passe actuel
account-current-password-required = Le mot de passe actuel est obligatoire.
account-new-password = Nouveau mot de passe
account-password-hint = Au moins 8 caractères.
account-password-too-short = Le nouveau mot de passe doit comporter au moins { $count } caractères.
account-password-too-long = Le nouveau mot de passe doit comporter au plus { $count } caractères.
account-password-blank = Le nouveau mot de passe ne peut pas être composé uniquement d’espaces.
account-password-changed = Votre mot de passe a été modifié.
account-card-pin = Code PIN de la carte
account-card-pin-required = Le code PIN de la carte est obligatoire.
account-card-pin-hint = Le code PIN imprimé sur votre carte ; son solde est ajouté à votre compte.
account-register-card = Enregistrer la carte
account-new-service-kind = Nouveau service
account-plan-for-it = Son forfait
account-choose-plan = Choisissez un forfait
account-number-to-call-from = Numéro depuis lequel vous appellerez
account-add-service-button = Ajouter le service

## Consommation
account-usage = Votre consommation
account-usage-period = Période de consommation
account-from = Du
account-to = Au
account-show = Afficher
account-usage-loading = Chargement de votre consommation…
account-period-range = du { $from } au { $to }
account-usage-summary = Du { $from } au { $to } : { $calls }, { $total }
account-usage-no-services = Aucun service
account-usage-no-services-note = Votre consommation s’affichera ici dès que vous aurez un service.
account-usage-per-service = Consommation par service, { $period }
account-col-service = Service
account-col-calls = Appels
account-col-minutes = Minutes
account-col-included = Minutes incluses
account-col-cost = Coût
account-no-calls = Aucun appel sur cette période
account-no-calls-note = Le coût des appels de chaque jour s’affiche ici sous forme de graphique.
account-cost-per-day = Coût par jour

## Factures
account-invoices = Vos factures
account-invoices-loading = Chargement de vos factures…
account-no-invoices = Aucune facture pour l’instant
account-no-invoices-note = Votre première facture arrivera à la fin de votre première période de facturation, avec tous vos services.
account-save-failed = Le navigateur n’a pas pu enregistrer le fichier.
account-col-number = Numéro
account-col-period = Période
account-col-total = Total
account-col-amount-due = Montant dû
account-col-paid = Payé
account-col-status = État
account-col-pdf = PDF
account-col-payment = Paiement
account-download = Télécharger
account-download-pdf = Télécharger { $number } en PDF
account-invoice-status-open = à régler
account-invoice-status-overdue = en retard
account-invoice-status-paid = payée
account-invoice-status-void = annulée
account-invoice = Facture
account-invoice-title = Facture { $number }
account-invoice-loading = Chargement de la facture…
account-voided-by = Annulée par l’avoir { $number }.
account-due = Échéance
account-invoice-lines = Lignes de { $number }
account-col-description = Libellé
account-col-net = Montant HT
account-col-tax = Taxes
account-invoice-payments = Paiements de cette facture
account-pay-now = Payer maintenant
account-card-payments-unavailable = Le paiement par carte n’est pas disponible ; contactez { $seller } pour payer par un autre moyen.
account-payment-page-failed = Le navigateur n’a pas pu ouvrir la page de paiement.

## Paiements
account-payments = Paiements
account-payments-loading = Chargement de vos paiements…
account-your-payments = Vos paiements
account-no-payments = Aucun paiement pour l’instant
account-no-payments-note = Vos paiements par carte, vos recharges et les paiements enregistrés par votre fournisseur s’affichent ici.
account-col-date = Date
account-col-what = Objet
account-amount = Montant
account-col-reference = Carte ou référence
account-col-failure = Motif de l’échec
account-refunded = ({ $amount } remboursé)
account-purpose-top-up = Recharge
account-purpose-auto-charge = Prélèvement automatique
account-purpose-card-saved = Carte enregistrée
account-payment-status-pending = en attente
account-payment-status-succeeded = réussi
account-payment-status-failed = échoué
account-payment-status-canceled = annulé
account-card-payments-off = Votre fournisseur n’a pas configuré le paiement par carte.
account-saved-card = Carte enregistrée
account-saved-card-label = Carte enregistrée :
account-remove-card = Supprimer la carte
account-card-removed = Carte supprimée.
account-no-card = Aucune carte enregistrée. Enregistrez-en une pour payer en un clic et recharger automatiquement.
account-save-card = Enregistrer une carte
account-card-page-failed = Le navigateur n’a pas pu ouvrir la page de la carte.
account-top-up-by-card = Recharger par carte
account-in-currency = En { $currency }.
account-save-this-card = Enregistrer cette carte
account-replaces-card = Elle remplace la carte enregistrée actuellement.
account-card-for-later = Pour la recharge automatique et les paiements futurs.
account-top-up = Recharger
account-auto-top-up = Recharge automatique
account-top-up-automatically = Recharger automatiquement
account-top-up-below = Lorsque le solde passe sous
account-top-up-by = Montant de la recharge
account-auto-top-up-saved = Recharge automatique enregistrée.
account-auto-top-up-off = La recharge automatique est désactivée.

## Retour de la page de paiement par carte
account-checking-payment = Vérification de votre paiement…
account-payment-received = Paiement reçu. Merci.
account-card-saved = Votre carte est enregistrée.
account-payment-pending = Paiement en attente…
account-payment-failed = Le paiement a échoué.
account-payment-cancelled = Paiement annulé.

## Sessions
account-sessions = Vos sessions
account-sessions-note = Les appareils sur lesquels vous êtes connecté. Déconnectez ceux que vous ne reconnaissez pas, puis changez votre mot de passe.
account-sessions-loading = Chargement des sessions…
account-col-device = Appareil
account-col-address = Adresse
account-col-signed-in = Connexion
account-col-last-used = Dernière utilisation
account-col-actions = Actions
account-this-session = session actuelle
account-sign-out-device = Déconnecter { $device }
account-calls = Vos appels
account-calls-search = Rechercher dans vos appels
account-calls-every-service = Tous les services
account-calls-number = Numéro appelé
account-calls-loading = Chargement de vos appels…
account-calls-none = Aucun appel trouvé
account-calls-none-note = Chaque appel que vous passez s’affiche ici une fois tarifé : quand, le numéro, la durée et le coût.
account-calls-shown = Appels { $first }–{ $last } sur { $total }
account-calls-time = Heure (UTC)
account-calls-duration = Durée
account-calls-billed = Facturé
account-calls-included = Du forfait
account-calls-charge = Montant
account-calls-pages = Pages d’appels
account-calls-previous = Précédent
account-calls-next = Suivant
account-export-csv = Exporter en CSV
account-exporting = Exportation…
account-itemized = Factures détaillées
account-itemized-label = Détailler chaque appel sur mes factures
account-itemized-hint = Chaque facture se termine alors par ses appels, service par service : quand, le numéro, la durée et le coût.
account-itemized-saved = Enregistré : vos prochaines factures le suivront.

## Phone numbers (IP phones and video)
account-numbers-none = Pas encore de numéro : prenez-en un ci-dessous et les appels vers lui feront sonner ce téléphone.
account-numbers-porting-out = en portabilité sortante
account-numbers-give-back = Rendre
account-numbers-give-back-n = Rendre { $number }
account-numbers-give-back-confirm = Rendre { $number } ? Il est facturé jusqu’à aujourd’hui et les appels vers lui ne feront plus sonner ce téléphone. Vous ne pourrez pas le reprendre.
account-numbers-add = Ajouter un numéro de téléphone
account-numbers-take-n = Prendre { $number }
