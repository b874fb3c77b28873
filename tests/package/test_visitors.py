"""Each visitor's way, on a root that gives every fact a group may give (tests/roots/test-visitors).

A student finds an offer and writes to its supervisor; a researcher reaches the paper; a collaborator
finds who the group is and how to reach it; a member finds where and when a course meets.
"""

import urllib.parse

import pytest
from playwright.sync_api import expect

from builds import Build, serving, tab
from content import text_of
from package_roots import ROOTS, copy_root


@pytest.fixture(scope="module")
def visitors(tmp_path_factory) -> Build:
    return Build(copy_root("visitors", tmp_path_factory.mktemp("visitors") / "src"))


def facts_of(article) -> dict[str, str]:
    """A page's facts (label -> text)."""
    return {text_of(dt).rstrip(":"): text_of(dt.find_next_sibling("dd")) for dt in article.select("dl.page-facts > dt")}


def test_the_root_builds_without_a_warning(visitors):
    assert visitors.warnings == ""


# -- The student ---------------------------------------------------------------


def test_the_offers_show_level_and_topics_and_leave_out_taken_ones(visitors):
    theses = visitors.article("theses/index")
    cards = {text_of(card.select_one(".sd-card-title")): card for card in theses.select(".sd-card")}
    assert sorted(cards) == ["An offer without a level", "Clusters in the visual cortex", "Transformers for the retina"]
    badges = [text_of(badge) for badge in cards["Clusters in the visual cortex"].select(".sd-badge")]
    assert badges == ["Bachelor", "Master", "Visual cortex", "Retina"]
    assert "offer-level-master" in cards["Transformers for the retina"]["class"]
    assert "offer-supervisor-hopper" in cards["Transformers for the retina"]["class"]
    assert "offer-topic-retina" in cards["Clusters in the visual cortex"]["class"]


def test_the_offers_filter_names_every_topic_supervisor_and_level(visitors):
    form = visitors.article("theses/index").select_one("form.offer-filter")
    assert form.has_attr("hidden")  # shown by its script: without JavaScript every card shows, and no filter
    options = {
        select["name"]: [text_of(option) for option in select.select("option")] for select in form.select("select")
    }
    assert options == {
        "topic": ["All", "Retina", "Visual cortex"],
        "supervisor": ["All", "Ada Lovelace", "Alan Turing", "Grace Hopper"],
        "level": ["All", "Bachelor", "Master"],
    }
    scripts = [script.get("src", "") for script in visitors.soup("theses/index").select("script")]
    assert any("offer-filter.js" in src for src in scripts)
    assert not any("offer-filter.js" in script["src"] for script in visitors.soup("index").select("script[src]"))


def test_an_offer_page_gives_its_facts_and_an_email_with_the_subject_the_theses_page_asks_for(visitors):
    article = visitors.article("theses/offers/retina-transformers")
    facts = facts_of(article)
    assert facts["Level"] == "Master"
    assert facts["Start"] == "Any time"
    assert facts["Prerequisites"] == "Deep learning course"
    assert facts["Related papers"] == "Many authors on the retina (Hopper et al. [2024])"
    assert article.select_one("dl.page-facts a[href$='papers/hopper2024many.html']")
    [email] = article.select("a.offer-email")
    address = urllib.parse.urlsplit(email["href"])
    assert (address.scheme, address.path) == ("mailto", "grace@example.org")
    assert urllib.parse.parse_qs(address.query) == {"subject": ["Master's thesis"]}


def test_an_offer_for_both_levels_has_a_button_for_each(visitors):
    buttons = visitors.article("theses/offers/cortex-clusters").select("a.offer-email")
    subjects = [urllib.parse.parse_qs(urllib.parse.urlsplit(a["href"]).query)["subject"][0] for a in buttons]
    assert subjects == ["Bachelor's thesis", "Master's thesis"]


def test_no_email_button_where_the_supervisor_has_no_email(visitors):
    assert not visitors.article("theses/offers/no-level").select("a.offer-email")
    assert "Level" not in facts_of(visitors.article("theses/offers/no-level"))


def test_a_taken_offer_keeps_its_page_and_says_so(visitors):
    article = visitors.article("theses/offers/taken-offer")
    assert facts_of(article)["Status"] == "Taken: this offer is no longer available"
    assert not article.select("a.offer-email")


def test_the_home_page_counts_the_open_offers_and_shows_the_newest_three_papers(visitors):
    home = visitors.article("index")
    assert "2 open thesis offers" not in text_of(home)
    assert "3 open thesis offers to choose from." in text_of(home)
    newest = home.select("#newest-publications li.publication")
    assert [text_of(item.select_one("strong")) for item in newest] == [
        "A preprint on the visual cortex.",
        "Many authors on the retina.",
        "An older paper.",
    ]
    assert home.select_one("#newest-publications a[href='research/index.html']")


def test_a_landing_page_has_no_next_and_previous(visitors):
    for page in ("index", "theses/index", "people/index", "research/index"):
        assert not visitors.soup(page).select(".related-pages a"), page
    assert visitors.soup("theses/offers/cortex-clusters").select(".related-pages a")


# -- The researcher ------------------------------------------------------------


def test_every_entry_leads_to_the_paper(visitors):
    items = {item["id"]: item for item in visitors.article("research/index").select("li.publication")}
    links = {key: [a["href"] for a in item.select("a.publication-link")] for key, item in items.items()}
    assert links["pub-hopper2024many"] == ["https://doi.org/10.1234/many.2024"]
    assert links["pub-turing2023old"] == ["https://example.org/old"]
    [search] = links["pub-curie2020oldest"]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(search).query)["q"] == ['"The oldest paper"']


# -- The collaborator ----------------------------------------------------------


def test_the_people_page_groups_people_by_role_alumni_last(visitors):
    article = visitors.article("people/index")
    sections = {
        text_of(section.find(["h2"])).rstrip("¶"): [text_of(t) for t in section.select(".sd-card-title")]
        for section in article.select("section section")
        if section.find("h2")
    }
    assert sections == {
        "Group leader": ["Ada Lovelace"],
        "Postdocs": ["Grace Hopper"],
        "PhD students": ["Alan Turing"],
        "Students": ["Emmy Noether"],
        "Members": ["Charles Babbage"],
        "Alumni": ["Marie Curie"],
        "Contact": [],
    }
    curie = next(card for card in article.select(".sd-card") if "Marie Curie" in text_of(card))
    assert "Professor at the University of Examples" in text_of(curie)
    # Nobody has a photo here: each card draws the initials.
    assert [text_of(avatar) for avatar in article.select(".sd-card .person-avatar")] == [
        "AL", "GH", "AT", "EN", "CB", "MC"
    ]  # fmt: skip


def test_a_person_page_gives_office_bio_email_and_an_initials_avatar(visitors):
    article = visitors.article("people/lovelace")
    assert (
        text_of(article.select_one("p.lead"))
        == "Ada leads the group and studies how the retina encodes natural scenes."
    )
    facts = facts_of(article)
    assert facts["Office"] == "Room 1.101, Example Street 1"
    assert facts["Email"] == "ada@example.org"
    assert text_of(article.select_one(".person-avatar")) == "AL"
    assert article.select_one(".person-avatar")["aria-hidden"] == "true"
    assert facts_of(visitors.article("people/curie"))["Now"] == "Professor at the University of Examples"


def test_the_contact_details_are_in_every_footer_and_on_the_people_page(visitors):
    for page in ("index", "people/turing", "research/papers/hopper2024many", "theses/offers/no-level"):
        footer = visitors.soup(page).select_one(".group-footer")
        assert footer is not None, page
        lines = [line.strip() for line in footer.address.get_text("\n").split("\n") if line.strip()]
        assert lines[:5] == [
            "Example Vision Group", "Institute of Examples", "University of Testing",
            "Example Street 1", "12345 Testing",
        ], page  # fmt: skip
        links = {text_of(a): a["href"] for a in footer.select("a")}
        assert links == {
            "group@example.org": "mailto:group@example.org",
            "+49 123 4567": "tel:+491234567",
            "Map": "https://www.openstreetmap.org/#map=18/51.5/9.9",
            "Imprint": "https://example.org/imprint",
            "Privacy": "https://example.org/privacy",
        }
    contact = visitors.article("people/index").select_one("section#contact")
    assert contact.select_one("address a[href='mailto:group@example.org']")


def test_without_a_group_file_no_contact_section_and_no_footer_block(build_root):
    build = build_root("visitors", **{"group.yaml": ""})
    assert build.warnings == ""
    assert not build.article("people/index").select("section#contact")
    assert not build.soup("index").select(".group-footer")


def test_a_bad_group_file_names_the_line_and_what_to_write(build_root):
    build = build_root("visitors", **{"group.yaml": "name: X\nemial: a@b.org\nimprint: www.example.org\n"})
    assert "group.yaml:2: WARNING: group.yaml has an unknown field 'emial'" in build.warnings
    assert "group.yaml:3: WARNING: group.yaml has a imprint that is not a web address" in build.warnings


# -- The member on a phone -----------------------------------------------------


def test_a_course_page_gives_schedule_room_language_ects_and_the_catalogue(visitors):
    article = visitors.article("teaching/courses/vision-lecture")
    facts = facts_of(article)
    assert {name: facts[name] for name in ("Schedule", "Room", "Language", "ECTS")} == {
        "Schedule": "Tuesdays 10-12",
        "Room": "Lecture hall 1",
        "Language": "English",
        "ECTS": "6",
    }
    assert article.select_one("dl.page-facts a[href='https://example.org/catalogue/vision']")


def test_no_card_is_empty(visitors):
    for page in ("teaching/index", "theses/index", "people/index"):
        for card in visitors.article(page).select(".sd-card"):
            body = card.select_one(".sd-card-body")
            assert text_of(body) != text_of(body.select_one(".sd-card-title")), (page, text_of(card))


# -- In the browser ------------------------------------------------------------


@pytest.mark.browser
def test_the_offers_filter_by_level_topic_and_supervisor(visitors, browser):
    with serving(visitors) as url:
        for javascript in (True, False):
            context = browser.new_context(base_url=url, java_script_enabled=javascript)
            page = context.new_page()
            page.goto("theses/index.html")
            cards = page.locator(".offer-card")
            if not javascript:
                assert not page.locator("form.offer-filter").is_visible()
                assert [card.is_visible() for card in cards.all()] == [True, True, True]
                context.close()
                continue
            page.get_by_label("Level").select_option("bachelor")
            assert [text_of_card for text_of_card in cards.all_inner_texts() if text_of_card]  # all still laid out
            visible = [card.locator(".sd-card-title").inner_text() for card in cards.all() if card.is_visible()]
            assert visible == ["Clusters in the visual cortex"]
            assert page.locator(".offer-count").inner_text() == "1 of 3 offers"
            page.get_by_label("Level").select_option("")
            page.get_by_label("Supervisor").select_option("hopper")
            visible = [card.locator(".sd-card-title").inner_text() for card in cards.all() if card.is_visible()]
            assert visible == ["Transformers for the retina"]
            context.close()


def test_the_report_asks_the_group_for_exactly_what_visitors_miss(visitors):
    from groupsite.cli.report import missing

    assert missing(visitors.srcdir, ["refs.bib"]) == [
        "people/babbage.md: photo, role, email",
        "people/curie.md: photo",  # an alumna: no email asked for
        "people/hopper.md: photo",
        "people/lovelace.md: photo",
        "people/noether.md: photo, email",
        "people/turing.md: photo, email",
        "theses/offers/no-level.md: level (Bachelor or Master)",  # the taken offer is not asked
        "teaching/courses/plain-seminar.md: schedule (when and where it meets)",
        "refs.bib: 2 entries without a link (doi, url or eprint): lovelace2025cortex, curie2020oldest",
        "refs.bib: 4 entries without an abstract: hopper2024many, lovelace2025cortex, turing2023old, curie2020oldest",
        "refs.bib: 2 entries without a topic (keywords naming a page in topics/): turing2023old, curie2020oldest",
    ]
    without_group = visitors.srcdir.parent / "without-group"
    copy_root("visitors", without_group, **{"group.yaml": "name: X\n"})
    assert missing(without_group, ["refs.bib"])[0] == (
        "group.yaml: the group's address, email, imprint, privacy (shown in every page's footer)"
    )


def test_an_author_with_an_orcid_id_is_matched_to_the_person_by_it_and_the_id_stays_private(build_root):
    """`nox -s add` keeps authors' ORCID iDs in author-orcids: "Doe, J." with Turing's iD is Turing."""
    turing = (ROOTS / "test-visitors/people/turing.md").read_text(encoding="utf-8")
    entry = (
        "@article{doe2025orcid, author = {Doe, J. and Lovelace, Ada}, title = {Matched by ORCID},\n"
        "  journal = {Journal of Tests}, year = {2025}, author-orcids = {1=0000-0002-1825-0097}}\n"
    )
    refs = (ROOTS / "test-visitors/refs.bib").read_text(encoding="utf-8") + "\n" + entry
    build = build_root(
        "visitors",
        **{"refs.bib": refs, "people/turing.md": turing.replace("title:", "orcid: 0000-0002-1825-0097\ntitle:", 1)},
    )
    assert build.warnings == ""
    item = build.article("research/index").select_one("#pub-doe2025orcid")
    links = {text_of(a): a["href"] for a in item.select("a.person-link")}
    assert links == {"J. Doe": "../people/turing.html", "A. Lovelace": "../people/lovelace.html"}
    # And the paper is on Turing's page, under his publications.
    assert "Matched by ORCID." in [text_of(strong) for strong in build.article("people/turing").select("li strong")]
    assert "author-orcids" not in text_of(item.select_one(".publication-bibtex-text"))
    assert "author-orcids" not in (build.outdir / "_bib/doe2025orcid.bib").read_text(encoding="utf-8")


# -- Each visitor's way, clicked through in the browser -------------------------


@pytest.fixture(scope="module")
def served_visitors(visitors):
    with serving(visitors) as url:
        yield url


@pytest.mark.browser
def test_the_student_goes_from_the_home_page_to_an_email_to_the_supervisor(served_visitors, browser):
    with tab(browser, served_visitors) as page:
        page.goto("index.html")
        page.get_by_role("link", name="Theses").first.click()
        page.locator(".offer-card", has_text="Transformers for the retina").click()  # the card is one link
        email = page.get_by_role("link", name="Email the supervisor")
        address = urllib.parse.urlsplit(email.get_attribute("href"))
        assert (address.scheme, address.path, urllib.parse.parse_qs(address.query)["subject"]) == (
            "mailto", "grace@example.org", ["Master's thesis"]
        )  # fmt: skip


@pytest.mark.browser
def test_the_researcher_finds_a_paper_by_search_and_reaches_its_doi(served_visitors, browser):
    with tab(browser, served_visitors) as page:
        page.goto("search.html?q=Many+authors")
        page.locator("#search-results a", has_text="Many authors on the retina").first.click()
        assert page.url.endswith("research/papers/hopper2024many.html")
        assert page.get_by_role("link", name="DOI").get_attribute("href") == "https://doi.org/10.1234/many.2024"


@pytest.mark.browser
def test_the_collaborator_finds_the_group_leader_and_the_group_address(served_visitors, browser):
    with tab(browser, served_visitors) as page:
        page.goto("index.html")
        page.locator("nav, .sidebar-tree").get_by_role("link", name="People").first.click()
        leader = page.locator("section#group-leader .sd-card")
        expect(leader).to_contain_text("Ada Lovelace")
        leader.click()
        expect(page.locator("dl.page-facts")).to_contain_text("Room 1.101, Example Street 1")
        expect(page.locator(".group-footer address")).to_contain_text("Example Street 1")
        expect(page.locator(".group-footer").get_by_role("link", name="Imprint")).to_be_visible()


@pytest.mark.browser
def test_the_member_on_a_phone_finds_when_and_where_a_course_meets(served_visitors, browser):
    context = browser.new_context(base_url=served_visitors, viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto("teaching/index.html")
    page.locator(".sd-card", has_text="Machine vision").click()
    facts = page.locator("dl.page-facts")
    expect(facts).to_contain_text("Tuesdays 10-12")
    expect(facts).to_contain_text("Lecture hall 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
