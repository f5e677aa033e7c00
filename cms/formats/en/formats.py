# British-style dates for the English site: "27 May 2024" (Chinese uses Django's "2024年5月27日").
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
