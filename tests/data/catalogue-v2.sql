-- A catalogue as HerbKB wrote it at schema version 2 (before herbs could be retired):
-- one herb, cam-thao, added and then updated. `sqlite3 .dump` of that file, the
-- full-text table's internals replaced by the statement that creates it.
BEGIN TRANSACTION;
CREATE TABLE confusable (
	id INTEGER NOT NULL, 
	herb_id INTEGER NOT NULL, 
	other_slug VARCHAR NOT NULL, 
	note VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (herb_id, other_slug), 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE
);
CREATE TABLE herb (
	id INTEGER NOT NULL, 
	slug VARCHAR NOT NULL, 
	name_vi VARCHAR, 
	name_zh VARCHAR, 
	name_pinyin VARCHAR, 
	name_la VARCHAR, 
	name_en VARCHAR, 
	version INTEGER NOT NULL, 
	review_status VARCHAR NOT NULL, 
	reviewed_by VARCHAR, 
	reviewed_on DATE, 
	review_reference VARCHAR, 
	provenance VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "herb" VALUES(1,'cam-thao','Cam thảo','甘草','gān cǎo','Glycyrrhizae Radix et Rhizoma',NULL,2,'unreviewed',NULL,NULL,NULL,'test data','2026-12-06 17:39:45.790689','2026-12-06 17:39:45.817594');
CREATE TABLE herblist (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	description VARCHAR, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE herblistitem (
	id INTEGER NOT NULL, 
	list_id INTEGER NOT NULL, 
	herb_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	note VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (list_id, herb_id), 
	FOREIGN KEY(list_id) REFERENCES herblist (id) ON DELETE CASCADE, 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE
);
CREATE TABLE herbname (
	id INTEGER NOT NULL, 
	herb_id INTEGER NOT NULL, 
	text VARCHAR NOT NULL, 
	lang VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	norm VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (herb_id, lang, text), 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE
);
INSERT INTO "herbname" VALUES(1,1,'Cam thảo','vi','primary',0,'cam thảo');
INSERT INTO "herbname" VALUES(2,1,'甘草','zh-Hans','primary',1,'甘草');
INSERT INTO "herbname" VALUES(3,1,'gān cǎo','zh-Latn-pinyin','primary',2,'gān cǎo');
INSERT INTO "herbname" VALUES(4,1,'Glycyrrhizae Radix et Rhizoma','la','primary',3,'glycyrrhizae radix et rhizoma');
CREATE TABLE herbproperty (
	id INTEGER NOT NULL, 
	herb_id INTEGER NOT NULL, 
	prop VARCHAR NOT NULL, 
	term VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (herb_id, prop, term), 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE
);
INSERT INTO "herbproperty" VALUES(1,1,'nature','warm',0);
INSERT INTO "herbproperty" VALUES(2,1,'flavour','sweet',1);
CREATE TABLE herbreference (
	herb_id INTEGER NOT NULL, 
	reference_key VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (herb_id, reference_key), 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE, 
	FOREIGN KEY(reference_key) REFERENCES reference ("key")
);
CREATE TABLE herbsource (
	id INTEGER NOT NULL, 
	herb_id INTEGER NOT NULL, 
	species_id INTEGER NOT NULL, 
	part VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE, 
	FOREIGN KEY(species_id) REFERENCES species (id)
);
INSERT INTO "herbsource" VALUES(1,1,1,'root-and-rhizome',0);
CREATE TABLE meta (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "meta" VALUES('schema_version','2');
INSERT INTO "meta" VALUES('data_version','3');
CREATE TABLE monographsection (
	id INTEGER NOT NULL, 
	herb_id INTEGER NOT NULL, 
	section VARCHAR NOT NULL, 
	lang VARCHAR NOT NULL, 
	text VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (herb_id, section, lang), 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE
);
INSERT INTO "monographsection" VALUES(1,1,'dosage','en','2–10 g a day.',0);
CREATE TABLE namekey (
	id INTEGER NOT NULL, 
	name_id INTEGER NOT NULL, 
	herb_id INTEGER NOT NULL, 
	space VARCHAR NOT NULL, 
	"key" VARCHAR NOT NULL, 
	via VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(name_id) REFERENCES herbname (id) ON DELETE CASCADE, 
	FOREIGN KEY(herb_id) REFERENCES herb (id) ON DELETE CASCADE
);
INSERT INTO "namekey" VALUES(1,1,1,'vi','cam thao','text');
INSERT INTO "namekey" VALUES(2,2,1,'zh','甘草','text');
INSERT INTO "namekey" VALUES(3,2,1,'py','gancao','pinyin');
INSERT INTO "namekey" VALUES(4,2,1,'vi','cam thao','hanviet');
INSERT INTO "namekey" VALUES(5,3,1,'py','gancao','text');
INSERT INTO "namekey" VALUES(6,4,1,'la','glycyrrhizae radix rhizoma','text');
CREATE TABLE reference (
	"key" VARCHAR NOT NULL, 
	citation VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "reference" VALUES('cp-2020','Chinese Pharmacopoeia Commission. Pharmacopoeia of the People''s Republic of China, 2020 edition, Volume I. Beijing: China Medical Science Press, 2020.');
INSERT INTO "reference" VALUES('ddvn-5','Bộ Y tế. Dược điển Việt Nam V. Hà Nội: Nhà xuất bản Y học, 2017.');
INSERT INTO "reference" VALUES('dtl-2004','Đỗ Tất Lợi. Những cây thuốc và vị thuốc Việt Nam. Hà Nội: Nhà xuất bản Y học, 2004 (tái bản).');
INSERT INTO "reference" VALUES('mpns','Medicinal Plant Names Services (MPNS), Royal Botanic Gardens, Kew: accepted names and synonyms of medicinal plants.');
INSERT INTO "reference" VALUES('powo','Plants of the World Online, Royal Botanic Gardens, Kew: accepted plant names, authorities and families.');
CREATE TABLE revision (
	id INTEGER NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id VARCHAR NOT NULL, 
	version INTEGER NOT NULL, 
	author VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	comment VARCHAR, 
	"before" VARCHAR, 
	"after" VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "revision" VALUES(1,'herb','cam-thao',1,'lan','2026-12-06 17:39:45.801224','from the pharmacopoeia',NULL,'{"slug":"cam-thao","names":[{"text":"Cam thảo","lang":"vi","kind":"primary"},{"text":"甘草","lang":"zh-Hans","kind":"primary"},{"text":"gān cǎo","lang":"zh-Latn-pinyin","kind":"primary"},{"text":"Glycyrrhizae Radix et Rhizoma","lang":"la","kind":"primary"}],"sources":[{"species":"Glycyrrhiza uralensis Fisch.","family":"Fabaceae","part":"root-and-rhizome","synonyms":[]}],"nature":"neutral","flavours":["sweet"],"meridians":[],"toxicity":null,"categories":[],"sections":[{"section":"dosage","lang":"en","text":"2–10 g a day."}],"references":[],"confusable_with":[],"review":{"status":"unreviewed","by":null,"on":null,"reference":null},"provenance":"test data"}');
INSERT INTO "revision" VALUES(2,'herb','cam-thao',2,'minh','2026-12-06 17:39:45.845706','nature checked','{"slug":"cam-thao","names":[{"text":"Cam thảo","lang":"vi","kind":"primary"},{"text":"甘草","lang":"zh-Hans","kind":"primary"},{"text":"gān cǎo","lang":"zh-Latn-pinyin","kind":"primary"},{"text":"Glycyrrhizae Radix et Rhizoma","lang":"la","kind":"primary"}],"sources":[{"species":"Glycyrrhiza uralensis Fisch.","family":"Fabaceae","part":"root-and-rhizome","synonyms":[]}],"nature":"neutral","flavours":["sweet"],"meridians":[],"toxicity":null,"categories":[],"sections":[{"section":"dosage","lang":"en","text":"2–10 g a day."}],"references":[],"confusable_with":[],"review":{"status":"unreviewed","by":null,"on":null,"reference":null},"provenance":"test data"}','{"slug":"cam-thao","names":[{"text":"Cam thảo","lang":"vi","kind":"primary"},{"text":"甘草","lang":"zh-Hans","kind":"primary"},{"text":"gān cǎo","lang":"zh-Latn-pinyin","kind":"primary"},{"text":"Glycyrrhizae Radix et Rhizoma","lang":"la","kind":"primary"}],"sources":[{"species":"Glycyrrhiza uralensis Fisch.","family":"Fabaceae","part":"root-and-rhizome","synonyms":[]}],"nature":"warm","flavours":["sweet"],"meridians":[],"toxicity":null,"categories":[],"sections":[{"section":"dosage","lang":"en","text":"2–10 g a day."}],"references":[],"confusable_with":[],"review":{"status":"unreviewed","by":null,"on":null,"reference":null},"provenance":"test data"}');
CREATE VIRTUAL TABLE section_text USING fts5(herb_id UNINDEXED, section UNINDEXED, lang UNINDEXED, body, tokenize = 'unicode61');
-- schema 2 did not tie a full-text row's rowid to its section: this one's is not the section's
INSERT INTO "section_text" (rowid, herb_id, section, lang, body) VALUES(5,1,'dosage','en','2–10 g a day.');
CREATE TABLE species (
	id INTEGER NOT NULL, 
	binomial VARCHAR NOT NULL, 
	authority VARCHAR, 
	family VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "species" VALUES(1,'Glycyrrhiza uralensis','Fisch.','Fabaceae');
CREATE TABLE speciesname (
	id INTEGER NOT NULL, 
	species_id INTEGER NOT NULL, 
	text VARCHAR NOT NULL, 
	accepted BOOLEAN NOT NULL, 
	"key" VARCHAR NOT NULL, 
	abbrev_key VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (species_id, text), 
	FOREIGN KEY(species_id) REFERENCES species (id) ON DELETE CASCADE
);
INSERT INTO "speciesname" VALUES(1,1,'Glycyrrhiza uralensis Fisch.',1,'glycyrrhiza uralensis','g uralensis');
CREATE UNIQUE INDEX ix_herb_slug ON herb (slug);
CREATE UNIQUE INDEX ix_species_binomial ON species (binomial);
CREATE INDEX ix_revision_entity_id ON revision (entity_id);
CREATE INDEX ix_speciesname_key ON speciesname ("key");
CREATE INDEX ix_herbsource_species_id ON herbsource (species_id);
CREATE INDEX ix_herbsource_herb_id ON herbsource (herb_id);
CREATE INDEX ix_namekey_name_id ON namekey (name_id);
CREATE INDEX ix_namekey_space_key ON namekey (space, "key");
COMMIT;
