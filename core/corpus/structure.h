// quifait: extracting the organisation tree and attributing passages to units.
//
// extract_structure(documents) reads the blocks of every document (in manifest order)
// and returns the OrgTree: the orgs, their units with parents and aliases, and the
// passages, each owned by exactly one unit (or by the org itself).
//
// What it understands (administrative French, not any one document):
//  - unit mentions: [article] TYPE [adjectives] [« name » | Capitalised | chargé de … | de/du/des …]
//    where TYPE is direction, sous-direction, service, département, division, bureau,
//    cellule, mission, pôle, unité, secrétariat, centre, délégation, inspection;
//  - composition: "X comprend : - la division A ; …", "X comprend A, B et C",
//    "X est constitué de …", "X est organisé(e) comme suit :", "… sont assistés par :";
//  - attachment: "X est rattaché au directeur", "Sont directement rattachés au directeur : …",
//    "trois cellules … sont rattachées à la direction : …";
//  - ownership: a sentence whose subject is a unit belongs to it; "Il/Elle/Ils/Elles",
//    "Ce département", "Son rôle" continue the previous sentence's unit; a heading that
//    names a unit owns the text below it; a paragraph about several units is split;
//  - variants of one name ("département de la veille et de l'analyse" /
//    "département chargé de la veille et de l'analyse") are merged as aliases;
//  - repeated (or near-identical) paragraphs are kept once.
// Units are only created from declarations (lists, headings, sentence subjects), never
// from passing mentions inside a sentence, so texts without an org chart yield no units.
//
// Never throws on any block content.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "corpus/model.h"
#include "corpus/reader.h"

namespace quifait {

struct ParsedDocument {
  DocumentInfo info;
  std::string doc_id;  // file name without extension, e.g. "insee-ddar-article-8"
  std::vector<Block> blocks;
};

OrgTree extract_structure(const std::vector<ParsedDocument>& documents);

// Reads and parses every document of a corpus directory, then extracts the structure.
// Throws CorpusError listing every bad file.
OrgTree load_corpus(const std::string& corpus_dir);

// The document id that passages carry for each manifest entry, in order: the file path
// without its extension, '/' -> ':' (the file name itself when two would collide).
std::vector<std::string> document_ids(const std::vector<DocumentInfo>& documents);

// The same as load_corpus for large corpora: documents are read one at a time and each passage
// goes to `sink` (in corpus order) as soon as its document is done, so memory holds the tree,
// not the text. Returns the tree with no passages. Throws CorpusError listing every bad file;
// `sink` may have received passages by then (discard them).
OrgTree load_corpus_streaming(const std::string& corpus_dir, const std::function<void(Passage&&)>& sink);

// "département des services généraux" -> "departement-des-services-generaux".
std::string slugify(const std::string& text);

}  // namespace quifait
