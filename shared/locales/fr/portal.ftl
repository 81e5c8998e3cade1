# Le portail public du vendeur : accueil, recherche de tarifs, inscription,
# connexion, confirmation de l’e-mail, réinitialisation du mot de passe,
# ainsi que l’en-tête et le pied de page du site.

## En-tête et pied de page
portal-skip-to-content = Aller au contenu
portal-my-account = Mon compte
portal-console = Console
portal-log-out = Se déconnecter
portal-admin-sign-in = Connexion administrateur
portal-logo-alt = Logo de { $name }
portal-footer = Facturation assurée par Ringledger
portal-unavailable = Ringledger est indisponible

## Mots de plusieurs pages
portal-sign-up = S’inscrire
portal-sign-in-to-account = Accéder à votre compte
portal-email = E-mail
portal-phone-number = Numéro de téléphone
portal-remove = Retirer
portal-service-sip = Téléphone IP (SIP)
portal-bundle = Pack
portal-per-month = { $amount } par mois
portal-loading-offers = Chargement des offres…

## Accueil
portal-home-lead = Bienvenue sur le portail { $name } : appels, numéros et services, sur une seule facture.
portal-customer-sign-in = Connexion client
portal-staff-sign-in = Connexion équipe
portal-home-help = Besoin d’aide ? Écrivez à
portal-nothing-on-sale = Rien n’est encore proposé à la vente.
portal-offers-heading = Nos offres
portal-plan-from-rate = { $plan }, à partir de { $rate } la minute
portal-bundle-aria = Pack { $name }
portal-bundle-minutes = { $count ->
    [one] { $count } minute par mois vers { $group }
   *[other] { $count } minutes par mois vers { $group }
}
portal-bundle-minutes-for = { $count ->
    [one] { $count } minute par mois vers { $group } ({ $services })
   *[other] { $count } minutes par mois vers { $group } ({ $services })
}

## Recherche de tarifs
portal-rates-heading = Combien coûte un appel ?
portal-rates-check = Voir le prix
portal-rates-enter-number = Saisissez un numéro de téléphone.
portal-rates-none = Aucune offre n’a encore de tarif.
portal-rates-no-rate = Aucun tarif pour ce numéro
portal-rates-caption = Tarifs pour le { $number }
portal-rates-offer = Offre
portal-rates-destination = Destination
portal-rates-per-minute = Prix par minute
portal-rates-connect-fee = Frais de connexion
portal-rates-increments = Paliers de facturation
portal-increments-title = Facturé pour les { $first } premières secondes, puis par tranches de { $next } secondes

## Inscription
portal-signup-lead = Choisissez vos services, puis créez votre compte : un seul solde et une seule facture pour tous.
portal-signup-nothing-on-sale = Rien n’est encore proposé à la vente. Revenez plus tard.
portal-signup-your-services = Vos services
portal-signup-add-service = Ajouter un autre service
portal-signup-creating = Création de votre compte…
portal-signup-create = Créer mon compte
portal-signup-already = Déjà client ?
portal-signup-about-you = Vos coordonnées
portal-signup-your-name = Votre nom
portal-signup-password-hint = Au moins 8 caractères.
portal-signup-no-bundle = Sans pack
portal-signup-bundle-option = { $name } — { $amount } par mois
portal-signup-bundle-label = Pack (facultatif)
portal-signup-bundle-hint = Un pack comprend des services et des minutes pour un prix mensuel unique.
portal-signup-choose-service = Choisissez au moins un service ou un pack.
portal-signup-plan-required = Choisissez un forfait pour ce service.
portal-signup-enter-ani = Saisissez le numéro depuis lequel vous appellerez, par ex. +44 20 7946 0000.
portal-signup-included = Inclus dans le pack
portal-signup-choose-plan = Choisissez un forfait
portal-signup-service-n = Service n° { $number }
portal-signup-service = Service
portal-signup-plan = Forfait
portal-signup-anis-hint = Les numéros depuis lesquels vous appellerez, au format international. Les appels passés depuis ces numéros ne demandent pas de code PIN.
portal-signup-add-number = Ajouter un autre numéro
portal-signup-remove-service-n = Retirer le service n° { $number }
portal-signup-remove-service = Retirer ce service
portal-signup-remove-number-n = Retirer le numéro de téléphone n° { $number }
portal-signup-price = Vous paierez { $amount } par mois.
portal-signup-price-calls = Vous paierez { $amount } par mois, plus vos appels.
portal-signup-price-once = Et { $amount } une seule fois, pour la mise en service de votre numéro.
portal-signup-welcome = Bienvenue, { $name }
portal-signup-check-email = Consultez vos e-mails pour confirmer votre adresse.
portal-signup-link-sent = Nous avons envoyé un lien à { $email }. Confirmez-la, puis connectez-vous à votre compte.
portal-signup-credentials = Vos identifiants :
portal-signup-credentials-shown = affichés ici ; vous pouvez les afficher de nouveau à tout moment depuis votre compte.

## Confirmation de l’e-mail
portal-verify-heading = Confirmez votre adresse e-mail
portal-verify-confirming = Confirmation de votre adresse…
portal-verify-done = Votre adresse e-mail est confirmée. Merci !
portal-verify-no-token = Ce lien ne contient pas de jeton. Ouvrez de nouveau le lien de l’e-mail.
portal-verify-expired = Le lien a peut-être expiré ou a déjà été utilisé.
portal-verify-if-confirmed = si votre adresse est confirmée.
portal-verify-open-console = Ouvrir la console

## Connexion client
portal-login-confirm-first = Confirmez d’abord votre adresse e-mail : ouvrez le lien que nous vous avons envoyé.
portal-login-suspended = Ce compte est suspendu ou fermé. Contactez l’assistance.
portal-login-new-here = Nouveau client ?
portal-login-forgot-password = Mot de passe oublié ?

## Réinitialisation du mot de passe
portal-reset-heading = Réinitialiser votre mot de passe
portal-reset-sent = Si cette adresse permet de se connecter ici, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une fois, pendant une heure.
portal-reset-send = M’envoyer un lien par e-mail
portal-reset-back = Retour à la connexion
portal-reset-choose = Choisissez un nouveau mot de passe
portal-reset-done = Votre mot de passe a été modifié. Tous les appareils connectés avec l’ancien ont été déconnectés.
portal-reset-new-password = Nouveau mot de passe
portal-reset-save = Enregistrer le nouveau mot de passe

## Phone numbers (IP phones and video)
portal-numbers-country = Pays
portal-numbers-digits = Chiffres
portal-numbers-find = Chercher des numéros
portal-numbers-finding = Recherche des numéros…
portal-numbers-country-invalid = doit être un code de deux lettres, comme FR
portal-numbers-none = Aucun numéro libre ne correspond ; essayez un autre pays ou moins de chiffres.
portal-numbers-fees = { $setup } de mise en service, { $monthly } par mois
portal-numbers-taken = Ce numéro vient d’être pris ; choisissez-en un autre.
portal-numbers-choose = Choisir
portal-numbers-choose-n = Choisir { $number }
portal-numbers-signup-hint = Facultatif : un numéro de téléphone à vous, qui fait sonner ce téléphone. Cherchez-le par pays (FR, GB) et par chiffres qu’il contient.
portal-numbers-held = { $number } réservé pour vous pendant { $minutes } minutes
portal-numbers-remove-n = Retirer { $number }
