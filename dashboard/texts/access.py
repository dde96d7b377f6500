"""Sign-in, sessions, demo mode and refused exports.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "signin_title": ("Connexion", "Sign in"),
    "login": ("Identifiant", "Login"),
    "password": ("Mot de passe", "Password"),
    "signin": ("Se connecter", "Sign in"),
    "signout": ("Se déconnecter", "Sign out"),
    "signin_failed": ("Identifiant ou mot de passe incorrect.", "Wrong login or password."),
    "signin_required": ("Ces données décrivent des enfants victimes : connectez-vous pour les consulter.",
                        "These data describe child victims: sign in to see them."),
    "session_expired": ("Votre session a expiré : reconnectez-vous.", "Your session has expired: sign in again."),
    "session_revoked": ("Votre compte a été supprimé ou son mot de passe changé : reconnectez-vous.",
                        "Your account was removed or its password changed: sign in again."),
    "no_users": ("Des extraits réels sont chargés mais aucun compte n'est configuré : rien n'est affiché.",
                 "Real extracts are loaded but no account is configured: nothing is shown."),
    "no_users_help": ("Créez le premier compte administrateur sur le serveur, puis rechargez la page :",
                      "Create the first admin account on the server, then reload the page:"),
    "state_down": ("La base des comptes et du journal (PostgreSQL) ne répond pas : rien n'est affiché tant qu'une "
                   "session ne peut pas être vérifiée. Réessayez dans un instant en rechargeant la page ; si cela "
                   "dure, prévenez l'administrateur du serveur.",
                   "The accounts and audit database (PostgreSQL) does not answer: nothing is shown while a session "
                   "cannot be checked. Try again in a moment by reloading the page; if it lasts, tell the server's "
                   "administrator."),
    "state_down_detail": ("Détail technique : {why}", "Technical detail: {why}"),
    "demo_no_signin": ("Démonstration sans connexion (données fictives).", "Demo without sign-in (fictitious data)."),
    "view_as": ("Voir comme", "View as"),
    "signed_in_as": ("Connecté : {login} — {role}", "Signed in: {login} — {role}"),
    "demo_off": ("Ces extraits se disent fictifs, mais ce serveur n'est pas en mode démonstration : la connexion "
                 "reste obligatoire. Pour une démonstration sans connexion, relancez le serveur avec KANGABA_DEMO=1.",
                 "These extracts say they are fictitious, but this server is not in demo mode: sign-in stays "
                 "required. For a demo without sign-in, restart the server with KANGABA_DEMO=1."),
    "export_refused": ("Export refusé : {why} Aucune donnée n'a été exportée. Rechargez la page du tableau de bord, "
                       "reconnectez-vous si besoin, puis relancez l'export.",
                       "Export refused: {why} No data was exported. Reload the dashboard page, sign in again if "
                       "needed, then export again."),
    "refused_signed_out": ("vous vous êtes déconnecté.", "you signed out."),
    "refused_demo_ended": ("le serveur n'est plus en mode démonstration.", "the server is no longer in demo mode."),
    "refused_expired": ("votre session a expiré.", "your session has expired."),
    "refused_account_removed": ("votre compte a été supprimé.", "your account was removed."),
    "refused_password_reset": ("le mot de passe de votre compte a été changé.", "your account's password was changed."),
    "refused_rights_changed": ("le rôle, l'organisation, les communes ou les droits de votre compte ont changé "
                               "depuis l'affichage de la page.",
                               "your account's role, organisation, communes or rights changed since the page was "
                               "shown."),
}
