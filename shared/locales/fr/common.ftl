# Mots communs au portail, au compte, aux e-mails et aux factures.
common-sign-in = Se connecter
common-sign-out = Se déconnecter
common-hello = Bonjour { $name },
common-language = Langue
common-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
common-calls = { $count ->
    [one] { $count } appel
   *[other] { $count } appels
}
common-save = Enregistrer
common-cancel = Annuler
common-loading = Chargement…
common-email = E-mail
common-password = Mot de passe
common-name = Nom
common-copy = Copier
common-copy-by-hand = Sélectionnez-le et copiez-le
common-copied = Copié
common-service-sip = Téléphone IP
common-service-video = Vidéo
common-service-card = Carte téléphonique
common-service-pinless = Appels sans code PIN
