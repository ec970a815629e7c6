#include "skipjack/io/file_format.h"

#include <gtest/gtest.h>

namespace skipjack {
namespace {

// A format with files only: what FileFormat decides from the file list alone.
class ListedFilesFormat final : public FileFormat {
 public:
  explicit ListedFilesFormat(std::vector<ListedFile> files)
      : FileFormat(std::move(files), arrow::schema({})) {}
  std::string name() const override { return "Listed"; }
  arrow::Result<std::unique_ptr<BatchStream>> OpenPiece(const UnitPiece&,
                                                        const std::vector<std::string>&, int64_t,
                                                        arrow::MemoryPool*) const override {
    return arrow::Status::NotImplemented("no reading in this test");
  }
};

ListedFile File(const std::string& path, const std::string& scheme) {
  ListedFile file;
  file.path = path;
  file.location.path = path;
  file.location.scheme = scheme;
  return file;
}

// Local files are decoded on the CPU workers; a scan with any file on S3 waits on the
// network and runs on the I/O pool with more reads in flight.
TEST(FileFormat, RemoteWhenAnyFileIsRemote) {
  const ListedFilesFormat local({File("/data/a.parquet", "file"), File("/data/b.parquet", "file")});
  EXPECT_FALSE(local.remote());
  EXPECT_EQ(local.PreferredConcurrency(4), 4);
  EXPECT_EQ(local.PreferredConcurrency(1), 2);

  const ListedFilesFormat mixed({File("/data/a.parquet", "file"), File("bucket/b.parquet", "s3")});
  EXPECT_TRUE(mixed.remote());
  EXPECT_EQ(mixed.PreferredConcurrency(4), 8);

  EXPECT_FALSE(ListedFilesFormat({}).remote());
}

}  // namespace
}  // namespace skipjack
