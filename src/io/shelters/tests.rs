use super::*;
use crate::io::table::read;
use crate::io::{Format, TextEncoding};

fn table(text: &str) -> Table {
    read(text.as_bytes(), Format::Csv, TextEncoding::Auto).unwrap()
}

const GSI_EMERGENCY: &str = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考\n\
1,01100-001,北海道札幌市,中央小学校,北海道札幌市中央区南1条,1,,,1,,1,,,1,43.0586,141.3500,\n\
2,01100-002,北海道札幌市,大通公園,北海道札幌市中央区大通西,,,,1,,1,,,,43.0600,141.3450,広域避難場所\n\
3,13101-001,東京都千代田区,皇居外苑,東京都千代田区皇居外苑,,,,1,,1,,,,35.6800,139.7550,\n";

#[test]
fn the_gsi_emergency_sites_read_by_header_and_cut_to_the_municipality() {
    let f = read_registry(&table(GSI_EMERGENCY), Some("札幌市")).unwrap();
    assert_eq!(f.layout, RegistryLayout::GsiEmergency);
    assert_eq!((f.entries.len(), f.outside, f.rejected.len()), (2, 1, 0));
    let school = &f.entries[0];
    assert_eq!(school.key, "01100-001");
    assert_eq!(school.name, "中央小学校");
    assert_eq!(
        school.hazards,
        vec![
            ShelterHazard::Flood,
            ShelterHazard::Earthquake,
            ShelterHazard::LargeFire
        ]
    );
    assert!(school.emergency_site && school.evacuation_centre);
    assert_eq!((school.lat, school.lon), (Some(43.0586), Some(141.35)));
    let park = &f.entries[1];
    assert!(park.emergency_site && !park.evacuation_centre);
    assert_eq!(park.note, "広域避難場所");
    // Without a municipality, the whole file.
    assert_eq!(
        read_registry(&table(GSI_EMERGENCY), None)
            .unwrap()
            .entries
            .len(),
        3
    );
}

#[test]
fn reordered_columns_and_the_older_variant_read_alike() {
    // Columns in another order, no 都道府県名及び市町村名 (the older variant), a 市町村コード
    // added and the 、 written ・: the same shelter comes out, cut by its address.
    let text = "市町村コード,施設・場所名,緯度,経度,住所,地震,洪水,崖崩れ・土石流及び地滑り,高潮,津波,大規模な火事,内水氾濫,火山現象,共通ID\n\
                01100,中央小学校,43.0586,141.3500,北海道札幌市中央区南1条,1,1,,,,1,,,01100-001\n\
                13101,皇居外苑,35.68,139.755,東京都千代田区皇居外苑,1,,,,,1,,,13101-001\n";
    let f = read_registry(&table(text), Some("札幌市")).unwrap();
    let g = read_registry(&table(GSI_EMERGENCY), Some("札幌市")).unwrap();
    assert_eq!(f.entries.len(), 1);
    assert_eq!(f.outside, 1);
    let (a, b) = (&f.entries[0], &g.entries[0]);
    assert_eq!((&a.key, &a.name, &a.hazards), (&b.key, &b.name, &b.hazards));
    assert!(
        !a.evacuation_centre,
        "no 指定避難所との住所同一 column: not said"
    );
}

#[test]
fn the_gsi_evacuation_centres_and_the_open_data_set_read_too() {
    let text = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,緯度,経度,備考\n\
                1,01100-101,北海道札幌市,中央区体育館,北海道札幌市中央区北1条,,,主として要配慮者,43.06,141.35,\n";
    let f = read_registry(&table(text), None).unwrap();
    assert_eq!(f.layout, RegistryLayout::GsiEvacuation);
    let e = &f.entries[0];
    assert!(!e.emergency_site && e.evacuation_centre && e.hazards.is_empty());
    assert_eq!(e.accepts, "主として要配慮者");

    let text = "ID,名称,名称_カナ,所在地_全国地方公共団体コード,所在地_連結表記,所在地_都道府県,所在地_市区町村,緯度,経度,災害種別_洪水,災害種別_崖崩れ、土石流及び地滑り,災害種別_高潮,災害種別_地震,災害種別_津波,災害種別_大規模な火事,災害種別_内水氾濫,災害種別_火山現象,指定避難所との重複,想定収容人数,対象となる町会・自治会,備考\n\
                011002-0001,みどり小学校,ミドリショウガッコウ,011002,北海道札幌市中央区南2条,北海道,札幌市,43.05,141.35,1,0,0,1,0,0,1,0,1,\"1,200\",南一町内会;南二町内会,\n";
    let f = read_registry(&table(text), Some("北海道札幌市")).unwrap();
    assert_eq!(f.layout, RegistryLayout::OpenDataEmergency);
    let e = &f.entries[0];
    assert_eq!(e.key, "011002-0001");
    assert_eq!(e.capacity, Some(1200));
    assert_eq!(e.associations, vec!["南一町内会", "南二町内会"]);
    assert_eq!(
        e.hazards,
        vec![
            ShelterHazard::Flood,
            ShelterHazard::Earthquake,
            ShelterHazard::InlandFlood
        ]
    );
    assert!(e.evacuation_centre);
    assert_eq!(e.municipality, "北海道札幌市");
}

#[test]
fn a_missing_column_is_refused_by_name_and_a_bad_cell_is_listed_not_dropped() {
    let without_tsunami = GSI_EMERGENCY.replace(",津波,", ",つなみ,");
    let err = read_registry(&table(&without_tsunami), None).unwrap_err();
    assert!(err.to_string().contains("津波"), "{err}");
    let err = read_registry(&table("名前,場所\na,b\n"), None).unwrap_err();
    assert!(err.to_string().contains("not a shelter registry"), "{err}");

    let bad = "共通ID,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,緯度,経度\n\
               A,一,札幌市1,2,,,,,,,,43,141\n\
               B,二,札幌市2,1,,,,,,,,北緯43,141\n\
               C,,札幌市3,1,,,,,,,,43,141\n\
               D,四,札幌市4,1,,,,,,,,43,200\n\
               E,五,札幌市5,1,,,,,,,,43.1,141.1\n\
               E,五の二,札幌市5,1,,,,,,,,43.1,141.1\n";
    let f = read_registry(&table(bad), None).unwrap();
    let got: Vec<(usize, &str)> = f
        .rejected
        .iter()
        .map(|r| (r.row, r.column.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "洪水"),
            (3, "緯度"),
            (4, "施設・場所名"),
            (5, "経度"),
            (7, "共通ID")
        ]
    );
    assert_eq!(f.entries.len(), 1);
    assert_eq!(f.entries[0].key, "E");
    assert!(
        f.rejected[4].reason.contains("row 6"),
        "{:?}",
        f.rejected[4]
    );
}

#[test]
fn a_shift_jis_file_reads_like_its_utf8_twin() {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(GSI_EMERGENCY);
    assert!(!unmappable);
    let t = read(&bytes, Format::Csv, TextEncoding::Auto).unwrap();
    assert_eq!(t.encoding, "shift_jis");
    assert_eq!(
        read_registry(&t, Some("札幌市")).unwrap(),
        read_registry(&table(GSI_EMERGENCY), Some("札幌市")).unwrap()
    );
}
