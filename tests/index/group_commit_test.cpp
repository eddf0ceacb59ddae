// tests/index/group_commit_test.cpp — writers waiting during a commit share the next one, each with its own result.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "index/internal/group_commit.h"

namespace roentgen::index {
namespace {

using internal::GroupCommit;

TEST(GroupCommit, WritersArrivingDuringACommitShareTheNextOne)
{
    std::atomic<int> batches{0};
    std::atomic<size_t> largest{0};
    GroupCommit group([&](std::span<GroupCommit::Request* const> requests) {
        ++batches;
        size_t seen = largest.load();
        while (requests.size() > seen && !largest.compare_exchange_weak(seen, requests.size())) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a synchronous commit
        for (auto* request : requests) {
            // Each writer's own outcome: odd file sizes fail, as one instance of a batch may.
            if (request->instance->file_size % 2)
                request->result = make_error(Errc::Malformed, "instance " + std::to_string(request->instance->file_size));
            else
                request->result = AddResult{AddOutcome::Added, std::to_string(request->instance->file_size)};
        }
    });
    constexpr int writers = 8, each = 10;
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int w = 0; w < writers; ++w)
        threads.emplace_back([&, w] {
            for (int i = 0; i < each; ++i) {
                CatalogInstance instance;
                instance.file_size = uint64_t(w * 100 + i);
                auto added = group.add(instance);
                bool ok = instance.file_size % 2 ? !added && added.error().message == "instance " + std::to_string(instance.file_size)
                                                 : added && added->replaced_storage_key == std::to_string(instance.file_size);
                if (!ok)
                    ++wrong;
            }
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(wrong.load(), 0);
    // 80 writes by 8 concurrent writers: far fewer commits than writes.
    EXPECT_LT(batches.load(), writers * each / 2);
    EXPECT_GT(largest.load(), 1u);
}

TEST(GroupCommit, ALoneWriterCommitsAtOnce)
{
    int batches = 0;
    GroupCommit group([&](std::span<GroupCommit::Request* const> requests) {
        ++batches;
        EXPECT_EQ(requests.size(), 1u);
        requests.front()->result = AddResult{AddOutcome::Added, {}};
    });
    CatalogInstance instance;
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(group.add(instance));
    EXPECT_EQ(batches, 3);
}

TEST(GroupCommit, ABatchThatSetsNoResultIsAnError)
{
    GroupCommit group([](std::span<GroupCommit::Request* const>) {});
    CatalogInstance instance;
    auto added = group.add(instance);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, Errc::Io);
}

}  // namespace
}  // namespace roentgen::index
