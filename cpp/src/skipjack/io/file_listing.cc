#include "skipjack/io/file_listing.h"

#include <algorithm>

#include <arrow/filesystem/filesystem.h>

#include "skipjack/common/error_detail.h"

namespace skipjack {
namespace {

std::vector<std::string> SplitSegments(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = path.find('/', start);
    const std::string segment = path.substr(start, end == std::string::npos ? end : end - start);
    if (!segment.empty()) segments.push_back(segment);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return segments;
}

// One segment against one pattern segment (no '/'): *, ?, [set].
bool SegmentMatch(const char* pattern, const char* text) {
  while (*pattern) {
    switch (*pattern) {
      case '*': {
        while (*pattern == '*') ++pattern;
        if (!*pattern) return true;
        for (const char* t = text; *t; ++t) {
          if (SegmentMatch(pattern, t)) return true;
        }
        return false;
      }
      case '?':
        if (!*text) return false;
        ++pattern;
        ++text;
        break;
      case '[': {
        if (!*text) return false;
        const char* p = pattern + 1;
        const bool negate = *p == '!' || *p == '^';
        if (negate) ++p;
        bool matched = false;
        bool first = true;
        while (*p && (first || *p != ']')) {
          first = false;
          if (p[1] == '-' && p[2] && p[2] != ']') {
            matched = matched || (*text >= p[0] && *text <= p[2]);
            p += 3;
          } else {
            matched = matched || *text == *p;
            ++p;
          }
        }
        if (*p != ']') {  // no closing bracket: a literal '['
          if (*text != '[') return false;
          ++pattern;
          ++text;
          break;
        }
        if (matched == negate) return false;
        pattern = p + 1;
        ++text;
        break;
      }
      default:
        if (*pattern != *text) return false;
        ++pattern;
        ++text;
    }
  }
  return *text == '\0';
}

bool SegmentsMatch(const std::vector<std::string>& pattern, size_t p,
                   const std::vector<std::string>& path, size_t i) {
  if (p == pattern.size()) return i == path.size();
  if (pattern[p] == "**") {
    for (size_t skip = i; skip <= path.size(); ++skip) {
      if (SegmentsMatch(pattern, p + 1, path, skip)) return true;
    }
    return false;
  }
  if (i == path.size()) return false;
  return SegmentMatch(pattern[p].c_str(), path[i].c_str()) &&
         SegmentsMatch(pattern, p + 1, path, i + 1);
}

bool IsHidden(const std::string& relative) {
  for (const auto& segment : SplitSegments(relative)) {
    if (segment[0] == '.' || segment[0] == '_') return true;
  }
  return false;
}

std::string Relative(const std::string& base, const std::string& path) {
  if (path.size() > base.size() && path.compare(0, base.size(), base) == 0) {
    return path.substr(base.size() + (path[base.size()] == '/' ? 1 : 0));
  }
  return path;
}

ListedFile MakeListed(const FileLocation& location, const arrow::fs::FileInfo& info,
                      const std::string& root) {
  FileLocation file = location;
  file.path = info.path();
  return ListedFile{DisplayPath(location, info.path()), info.size(), file, root};
}

// The files under a directory, recursively, in path order.
arrow::Result<std::vector<arrow::fs::FileInfo>> ListTree(const FileLocation& location,
                                                         const std::string& dir, bool recursive) {
  arrow::fs::FileSelector selector;
  selector.base_dir = dir;
  selector.recursive = recursive;
  ARROW_ASSIGN_OR_RAISE(auto infos, location.filesystem->GetFileInfo(selector));
  std::vector<arrow::fs::FileInfo> files;
  for (auto& info : infos) {
    if (info.IsFile() && !IsHidden(Relative(dir, info.path()))) files.push_back(std::move(info));
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return files;
}

arrow::Status ExpandOne(const std::string& user_path, const IOConfig& config, bool allow_empty,
                        std::vector<ListedFile>* out) {
  ARROW_ASSIGN_OR_RAISE(auto location, ResolvePath(user_path, config));
  const std::string& path = location.path;
  if (!IsGlob(path)) {
    ARROW_ASSIGN_OR_RAISE(auto info, location.filesystem->GetFileInfo(path));
    if (info.type() == arrow::fs::FileType::NotFound) {
      return FileNotFound("No such file or directory: " + user_path);
    }
    if (info.IsFile()) {
      std::string root = path.substr(0, path.rfind('/'));
      out->push_back(MakeListed(location, info, root));
      return arrow::Status::OK();
    }
    ARROW_ASSIGN_OR_RAISE(auto files, ListTree(location, path, true));
    for (const auto& file : files) out->push_back(MakeListed(location, file, path));
    return arrow::Status::OK();
  }
  // The base is the longest directory prefix without glob characters.
  const bool absolute = !path.empty() && path[0] == '/';
  const auto segments = SplitSegments(path);
  std::string base;
  size_t first_glob = 0;
  while (first_glob < segments.size() && !IsGlob(segments[first_glob])) {
    base += (base.empty() && !absolute ? "" : "/") + segments[first_glob];
    ++first_glob;
  }
  if (base.empty() && absolute) base = "/";
  const std::vector<std::string> pattern(segments.begin() + first_glob, segments.end());
  const bool recursive = pattern.size() > 1 ||
                         std::find(pattern.begin(), pattern.end(), "**") != pattern.end();
  auto listed = ListTree(location, base, recursive);
  if (!listed.ok()) {
    if (allow_empty) return arrow::Status::OK();
    return FileNotFound("No files match '" + user_path + "': " + listed.status().message());
  }
  size_t matches = 0;
  for (const auto& file : *listed) {
    if (SegmentsMatch(pattern, 0, SplitSegments(Relative(base, file.path())), 0)) {
      out->push_back(MakeListed(location, file, base));
      ++matches;
    }
  }
  if (matches == 0 && !allow_empty) {
    return FileNotFound("No files match '" + user_path + "'");
  }
  return arrow::Status::OK();
}

}  // namespace

bool IsGlob(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

bool GlobMatch(const std::string& pattern, const std::string& path) {
  return SegmentsMatch(SplitSegments(pattern), 0, SplitSegments(path), 0);
}

arrow::Result<std::vector<ListedFile>> ListFiles(const std::vector<std::string>& paths,
                                                 const IOConfig& config, bool allow_empty) {
  std::vector<ListedFile> files;
  for (const auto& path : paths) ARROW_RETURN_NOT_OK(ExpandOne(path, config, allow_empty, &files));
  return files;
}

}  // namespace skipjack
