// A ring all-reduce of `bytes` across N hosts, each on its own 100 Gbit/s, 1 us split-duplex link to
// one non-blocking switch (a SimGrid star zone): the scenario of `wallsim-bench ring-allreduce`,
// simulated by SimGrid's flow-level model (CM02, max-min sharing) for a side-by-side comparison.
//
// SimGrid's TCP corrections are switched off (latency and bandwidth factors 1, no cross-traffic, no
// window bound), so its model is the plain max-min one wallsim's FlowNetwork implements. Each rank's
// mailbox has it as permanent receiver, so sends start at once (eager), as in wallsim's executor.
//
//     Benchmarks/simgrid/build.sh && /tmp/wallsim-simgrid/ring_allreduce 1024 268435456
#include <simgrid/s4u.hpp>

#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

static int ranks;
static long long elements;  // float32 elements per rank buffer
static std::vector<double> rank_finish;

/// Bytes of block b when `elements` are cut into `ranks` blocks, the first elements % ranks one larger.
static double block_bytes(long long block) {
  long long base = elements / ranks, extra = elements % ranks;
  return 4.0 * (base + (block < extra ? 1 : 0));
}

/// Rank r: p-1 reduce-scatter steps (send segment r-s-1), then p-1 all-gather steps (send r-s+1... as
/// in wallsim's RingSteps: segment r-s in all-gather step s), each step's send and receive awaited.
static void rank_actor(int rank) {
  sg4::Mailbox* mine = sg4::Mailbox::by_name(std::to_string(rank));
  mine->set_receiver(sg4::Actor::self());
  sg4::Mailbox* next = sg4::Mailbox::by_name(std::to_string((rank + 1) % ranks));
  static char payload;
  for (int phase = 0; phase < 2; phase++) {
    for (int step = 0; step < ranks - 1; step++) {
      int offset = phase == 0 ? step + 1 : step;
      long long segment = ((rank - offset) % ranks + ranks) % ranks;
      sg4::CommPtr send = next->put_async(&payload, block_bytes(segment));
      char* received = nullptr;
      sg4::CommPtr receive = mine->get_async<char>(&received);
      send->wait();
      receive->wait();
    }
  }
  rank_finish[rank] = sg4::Engine::get_clock();
}

static double seconds(clockid_t clock) {
  timespec spec;
  clock_gettime(clock, &spec);
  return spec.tv_sec + spec.tv_nsec / 1e9;
}

int main(int argc, char* argv[]) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s HOSTS BYTES [simgrid options]\n", argv[0]);
    return 64;
  }
  ranks = std::atoi(argv[1]);
  long long bytes = std::atoll(argv[2]);
  if (ranks < 2 || bytes <= 0 || bytes % 4 != 0) {
    std::fprintf(stderr, "HOSTS must be at least 2 and BYTES a positive multiple of 4\n");
    return 64;
  }
  elements = bytes / 4;
  rank_finish.assign(ranks, 0);
  double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);

  int engine_argc = argc - 2;
  char** engine_argv = argv + 2;
  engine_argv[0] = argv[0];
  sg4::Engine engine(&engine_argc, engine_argv);
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/latency-factor:1");
  sg4::Engine::set_config("network/bandwidth-factor:1");
  sg4::Engine::set_config("network/crosstraffic:0");
  sg4::Engine::set_config("network/TCP-gamma:0");

  auto* zone = sg4::create_star_zone("switch");
  std::vector<sg4::Host*> hosts;
  for (int h = 0; h < ranks; h++) {
    sg4::Host* host = zone->create_host("h" + std::to_string(h), 1e9);
    sg4::Link* link = zone->create_split_duplex_link("l" + std::to_string(h), 100e9 / 8)->set_latency(1e-6);
    // Host -> switch on the link's UP half; the symmetrical route uses its DOWN half.
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr,
                    {sg4::LinkInRoute(link, sg4::LinkInRoute::Direction::UP)}, true);
    hosts.push_back(host);
  }
  zone->seal();
  double built = seconds(CLOCK_MONOTONIC);

  for (int r = 0; r < ranks; r++) sg4::Actor::create("rank" + std::to_string(r), hosts[r], rank_actor, r);
  engine.run();

  double wall = seconds(CLOCK_MONOTONIC) - wall0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  double finish = 0;
  for (double t : rank_finish) finish = finish > t ? finish : t;
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf("simgrid ring all-reduce hosts=%d bytes=%lld predicted_s=%.12e wall_s=%.3f cpu_s=%.3f "
              "build_s=%.3f peak_rss_mib=%.1f\n",
              ranks, bytes, finish, wall, cpu, built - wall0, usage.ru_maxrss / 1024.0);
  return 0;
}
