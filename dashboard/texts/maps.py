"""« Carte » (page 3): the map of localities and where the identified children come from.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "map_metric": ("Taille des cercles", "Bubble size"),
    "map_osm": ("Fond OpenStreetMap (nécessite internet)", "OpenStreetMap background (needs internet)"),
    "map_osm_help": ("Sans internet, la carte reste dessinée sans ce fond. Avec le fond activé, le navigateur "
                     "télécharge des tuiles depuis openstreetmap.org.",
                     "Without internet the map is still drawn, without this background. When it is on, the browser "
                     "downloads tiles from openstreetmap.org."),
    "map_title": ("{metric} par localité — cercle de Kangaba", "{metric} by locality — cercle de Kangaba"),
    "map_cases_note": ("Les cas ne sont montrés qu'aux deux sites aurifères, jamais par village.",
                       "Cases are shown at the two gold-mining sites only, never by village."),
    "map_radio_note": ("Les émissions radio couvrent toute la commune : elles ne sont pas placées sur la carte.",
                       "Radio programmes cover the whole commune: they are not placed on the map."),
    "origin_title": ("D'où viennent les enfants identifiés (nationalité)",
                     "Where the identified children come from (nationality)"),
    "origin_fig_title": ("Nationalité des enfants identifiés, vers les sites de Kokoyo et Koflatié",
                         "Nationality of the identified children, towards the Kokoyo and Koflatié sites"),
    "origin_table": ("Voir le tableau par pays", "See the table by country"),
    "origin_hidden": ("masqué (petits effectifs)", "hidden (small numbers)"),
    "col_locality": ("Localité", "Locality"),
    "col_commune": ("Commune", "Commune"),
    "col_kind": ("Type", "Kind"),
    "col_country": ("Pays", "Country"),
    "col_iso3": ("Code ISO", "ISO code"),
    "col_female": ("Filles / femmes", "Girls / women"),
    "col_male": ("Garçons / hommes", "Boys / men"),
    "kind_site": ("Site aurifère", "Gold-mining site"),
    "kind_village": ("Village", "Village"),
}
