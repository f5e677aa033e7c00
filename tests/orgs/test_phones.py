"""Telephone fields as the profiles write them become numbers a phone can dial from abroad."""

from orgs.phones import Phone, parse_phones


def test_one_area_code_for_a_list_of_numbers():
    assert parse_phones("010-66514910、66514420、66110826") == [
        Phone("010-66514910", "tel:+861066514910"),
        Phone("010-66514420", "tel:+861066514420"),
        Phone("010-66110826", "tel:+861066110826"),
    ]


def test_doubled_dash_and_slashes():
    assert [p.uri for p in parse_phones("010--53656705/53656307/53656785")] == [
        "tel:+861053656705",
        "tel:+861053656307",
        "tel:+861053656785",
    ]


def test_international_and_bracketed_forms():
    assert parse_phones("+86 10 1234 5678") == [Phone("+86 10 1234 5678", "tel:+861012345678")]
    assert parse_phones("(010) 6651-4910") == [Phone("010-66514910", "tel:+861066514910")]


def test_nothing_to_dial():
    assert parse_phones("") == []
    assert parse_phones("see website") == []
