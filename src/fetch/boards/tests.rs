use super::*;

/// The board, request URL and whether it is a list, for a URL.
fn target(url: &str) -> (&'static str, String, bool, Option<String>) {
    match resolve(url, &Endpoints::default(), 10) {
        Target::Board { board, request, .. } => {
            (board.name, request.url, request.list, request.select)
        }
        Target::Page(p) => panic!("not a board: {p}"),
    }
}

#[test]
fn boards_map_to_their_requests() {
    let cases: &[(&str, &str, &str, bool)] = &[
        (
            "https://boards.greenhouse.io/acme/jobs/123",
            "Greenhouse",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs/123",
            false,
        ),
        (
            "https://job-boards.greenhouse.io/acme/jobs/123?gh_src=x",
            "Greenhouse",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs/123",
            false,
        ),
        (
            "https://boards.greenhouse.io/acme",
            "Greenhouse",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
            true,
        ),
        (
            "https://boards.greenhouse.io/embed/job_app?for=acme&token=99",
            "Greenhouse",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs/99",
            false,
        ),
        (
            "https://jobs.lever.co/acme/abc-def",
            "Lever",
            "https://api.lever.co/v0/postings/acme/abc-def?mode=json",
            false,
        ),
        (
            "https://jobs.lever.co/acme",
            "Lever",
            "https://api.lever.co/v0/postings/acme?mode=json",
            true,
        ),
        (
            "https://jobs.ashbyhq.com/acme/uuid-1",
            "Ashby",
            "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true",
            false,
        ),
        (
            "https://gdit.wd5.myworkdayjobs.com/en-US/External_Career_Site/job/USA-DC/Data-Engineer_RQ1",
            "Workday",
            "https://gdit.wd5.myworkdayjobs.com/wday/cxs/gdit/External_Career_Site/job/USA-DC/Data-Engineer_RQ1",
            false,
        ),
        (
            "https://gdit.wd5.myworkdayjobs.com/External_Career_Site",
            "Workday",
            "https://gdit.wd5.myworkdayjobs.com/wday/cxs/gdit/External_Career_Site/jobs",
            true,
        ),
        (
            "https://jobs.smartrecruiters.com/Equinox/744000137225639-female-locker-room-associate",
            "SmartRecruiters",
            "https://api.smartrecruiters.com/v1/companies/Equinox/postings/744000137225639",
            false,
        ),
        (
            "https://jobs.smartrecruiters.com/Equinox",
            "SmartRecruiters",
            "https://api.smartrecruiters.com/v1/companies/Equinox/postings?limit=10",
            true,
        ),
        (
            "https://apply.workable.com/blueground/j/B02DA69C8F/",
            "Workable",
            "https://apply.workable.com/api/v2/accounts/blueground/jobs/B02DA69C8F",
            false,
        ),
        (
            "https://apply.workable.com/blueground/",
            "Workable",
            "https://apply.workable.com/api/v1/widget/accounts/blueground?details=true",
            true,
        ),
        (
            "https://bunq.recruitee.com/o/fraud-ops-expert",
            "Recruitee",
            "https://bunq.recruitee.com/api/offers/fraud-ops-expert",
            false,
        ),
        (
            "https://bunq.recruitee.com/",
            "Recruitee",
            "https://bunq.recruitee.com/api/offers/",
            true,
        ),
        (
            "https://ashtead.bamboohr.com/careers/35?source=x",
            "BambooHR",
            "https://ashtead.bamboohr.com/careers/35/detail",
            false,
        ),
        (
            "https://ashtead.bamboohr.com/jobs/view.php?id=35",
            "BambooHR",
            "https://ashtead.bamboohr.com/careers/35/detail",
            false,
        ),
        (
            "https://ashtead.bamboohr.com/careers",
            "BambooHR",
            "https://ashtead.bamboohr.com/careers/list",
            true,
        ),
        (
            "https://acme.jobs.personio.de/job/1234?display=en",
            "Personio",
            "https://acme.jobs.personio.de/xml?language=en",
            false,
        ),
        (
            "https://acme.teamtailor.com/jobs/123-data-engineer",
            "Teamtailor",
            "https://acme.teamtailor.com/jobs/123-data-engineer",
            false,
        ),
        (
            "https://acme.teamtailor.com/jobs",
            "Teamtailor",
            "https://acme.teamtailor.com/jobs.json",
            true,
        ),
        (
            "https://ats.rippling.com/en-US/atlas/jobs/787eb126-aaaa",
            "Rippling",
            "https://api.rippling.com/platform/api/ats/v1/board/atlas/jobs/787eb126-aaaa",
            false,
        ),
        (
            "https://ats.rippling.com/atlas/jobs",
            "Rippling",
            "https://api.rippling.com/platform/api/ats/v1/board/atlas/jobs",
            true,
        ),
        (
            "https://jobs.gem.com/example/am9icG9zdA",
            "Gem",
            "https://api.gem.com/job_board/v0/example/job_posts/",
            false,
        ),
        (
            "https://impulse.pinpointhq.com/en/postings/0c5f-uuid",
            "Pinpoint",
            "https://impulse.pinpointhq.com/postings.json",
            false,
        ),
        (
            "https://careers-acme.icims.com/jobs/5417/engineering-data-analyst/job?mobile=false",
            "iCIMS",
            "https://careers-acme.icims.com/jobs/5417/job?in_iframe=1",
            false,
        ),
        (
            "https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/12345",
            "Oracle",
            "https://eeho.fa.us2.oraclecloud.com/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails?expand=all&onlyData=true&finder=ById;Id=%2212345%22,siteNumber=CX_1",
            false,
        ),
        (
            "https://www.linkedin.com/jobs/view/senior-ml-engineer-at-acme-3912345678/?trk=x",
            "LinkedIn",
            "https://www.linkedin.com/jobs/view/3912345678",
            false,
        ),
        (
            "https://www.linkedin.com/jobs/collections/recommended/?currentJobId=3912345678",
            "LinkedIn",
            "https://www.linkedin.com/jobs/view/3912345678",
            false,
        ),
        (
            "https://linkedin.com/jobs/search/?currentJobId=3912345678&keywords=ml",
            "LinkedIn",
            "https://www.linkedin.com/jobs/view/3912345678",
            false,
        ),
    ];
    for &(url, board, want, list) in cases {
        let (name, got, is_list, _) = target(url);
        assert_eq!((name, got.as_str(), is_list), (board, want, list), "{url}");
    }
}

#[test]
fn boards_that_answer_together_pick_one_posting_out() {
    let select = |url| target(url).3;
    assert_eq!(
        select("https://jobs.ashbyhq.com/acme/uuid-1"),
        Some("uuid-1".into())
    );
    assert_eq!(
        select("https://acme.jobs.personio.de/job/1234"),
        Some("/job/1234".into())
    );
    assert_eq!(
        select("https://jobs.gem.com/example/am9icG9zdA"),
        Some("am9icG9zdA".into())
    );
    assert_eq!(
        select("https://impulse.pinpointhq.com/postings/0c5f-uuid/applications/new"),
        Some("0c5f-uuid".into())
    );
    assert_eq!(select("https://jobs.gem.com/example"), None);
}

#[test]
fn urls_that_are_no_posting_are_pages() {
    for page in [
        "https://example.com/jobs/1",
        "https://boards.greenhouse.io/acme/about/team",
        "https://jobs.lever.co/",
        "https://www.linkedin.com/company/acme",
        "https://www.linkedin.com/jobs/search/?keywords=ml",
        "https://careers-acme.icims.com/jobs/search?ss=1",
        "https://acme.bamboohr.com/careers/abc/other",
    ] {
        assert_eq!(
            resolve(page, &Endpoints::default(), 10),
            Target::Page(page.into()),
            "{page}"
        );
    }
}

#[test]
fn company_sites_that_embed_a_board_go_through_the_board() {
    match resolve(
        "https://www.acme.com/careers?gh_jid=4012345&gh_src=x",
        &Endpoints::default(),
        10,
    ) {
        Target::Board { board, request, .. } => {
            assert_eq!(board.name, "Greenhouse");
            assert_eq!(request.select.as_deref(), Some("4012345"));
            let page = br#"<div id="grnhse_app"></div><script src="https://boards.greenhouse.io/embed/job_board/js?for=acme"></script>"#;
            let next = (board.follow.unwrap())(page, &request).unwrap();
            assert_eq!(
                next[0].url,
                "https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012345"
            );
            assert!(next[0].shown.contains("gh_jid=4012345"));
            let none = (board.follow.unwrap())(b"<p>careers</p>", &request).unwrap_err();
            assert!(none.contains("no Greenhouse board"), "{none}");
        }
        Target::Page(p) => panic!("not a board: {p}"),
    }
    match resolve(
        "https://acme.io/jobs?ashby_jid=0b1c-uuid",
        &Endpoints::default(),
        10,
    ) {
        Target::Board { board, request, .. } => {
            assert_eq!(board.name, "Ashby");
            let page = br#"<script src="https://jobs.ashbyhq.com/acme/embed?version=2"></script>"#;
            let next = (board.follow.unwrap())(page, &request).unwrap();
            assert_eq!(
                next[0].url,
                "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true"
            );
            assert_eq!(next[0].select.as_deref(), Some("0b1c-uuid"));
        }
        Target::Page(p) => panic!("not a board: {p}"),
    }
}

#[test]
fn a_moved_api_replaces_scheme_and_host() {
    let moved = Endpoints::default()
        .with("Lever", "http://127.0.0.1:9/")
        .with("Workday", "http://127.0.0.1:8")
        .with("Recruitee", "http://127.0.0.1:7");
    let api = |url| match resolve(url, &moved, 10) {
        Target::Board { request, .. } => request.url,
        Target::Page(p) => panic!("not a board: {p}"),
    };
    assert_eq!(
        api("https://jobs.lever.co/acme/1"),
        "http://127.0.0.1:9/v0/postings/acme/1?mode=json"
    );
    assert_eq!(
        api("https://t.wd1.myworkdayjobs.com/Site/job/A/B_1"),
        "http://127.0.0.1:8/wday/cxs/t/Site/job/A/B_1"
    );
    assert_eq!(
        api("https://bunq.recruitee.com/o/x"),
        "http://127.0.0.1:7/api/offers/x"
    );
}

#[test]
fn every_board_has_its_variable() {
    for b in BOARDS {
        assert_eq!(
            b.env,
            format!("CERTFIT_{}_API", b.name.to_ascii_uppercase()),
            "{}",
            b.name
        );
    }
}

#[test]
fn companies_come_from_slugs_and_workday_names_its_tenant() {
    let company = |url| match resolve(url, &Endpoints::default(), 10) {
        Target::Board { company, .. } => company,
        Target::Page(p) => panic!("not a board: {p}"),
    };
    assert_eq!(
        company("https://jobs.lever.co/flock-safety/1"),
        Some(("Flock Safety".to_string(), false))
    );
    assert_eq!(
        company("https://jobs.ashbyhq.com/OpenAI/1"),
        Some(("OpenAI".to_string(), false))
    );
    assert_eq!(
        company("https://nvidia.wd5.myworkdayjobs.com/NVIDIAExternalCareerSite/job/A/B_1"),
        Some(("Nvidia".to_string(), true))
    );
}

#[test]
fn blocking_sites_say_what_to_do() {
    let reason = blocked_reason("https://www.indeed.com/viewjob?jk=1").unwrap();
    assert!(
        reason.starts_with("Indeed blocks automated reading"),
        "{reason}"
    );
    assert!(blocked_reason("https://uk.glassdoor.co.uk/job-listing/x").is_some());
    assert!(blocked_reason("https://notindeed.com/x").is_none());
}

#[test]
fn linkedin_sign_in_walls_are_recognized() {
    let linkedin = BOARDS.iter().find(|b| b.name == "LinkedIn").unwrap();
    let wall = linkedin.wall.unwrap();
    assert!(wall("https://www.linkedin.com/authwall?trk=x").is_some());
    assert!(wall("https://www.linkedin.com/signup/cold-join?session=x").is_some());
    assert!(wall("https://www.linkedin.com/jobs/view/3912345678").is_none());
}
