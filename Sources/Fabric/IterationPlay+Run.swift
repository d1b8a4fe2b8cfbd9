import Collectives
import SimKernel
import Topology

extension IterationPlay {
    mutating func run() throws(IterationEngine.EngineError) -> TaskTimeline {
        for task in 0..<Int32(pending.count) where pending[Int(task)] == 0 { ready.append((task, .zero)) }
        settle()
        while true {
            let networkTime = network.nextEventTime()
            let clockTime = clock.nextEventTime
            if let t = networkTime, clockTime.map({ t <= $0 }) ?? true {
                for completion in network.advance(to: t) { deliver(completion) }
            } else if let (time, event) = clock.next() {
                switch event {
                case let .taskDone(task): finished.append((task, time))
                case let .memberResume(instance, member):
                    instances[Int(instance)].step[Int(member)] += 1
                    advance(instance: instance, member: member, at: time)
                }
            } else {
                break
            }
            settle()
        }
        if let stuck = end.firstIndex(of: -1) {
            let rank = base.lastIndex { $0 <= Int32(stuck) } ?? 0
            throw .deadlock(rank: rank, task: graph.tasks[rank][stuck - Int(base[rank])].label)
        }
        var spans: [[TaskTimeline.Span]] = []
        var rankFinish: [SimDuration] = []
        for rank in 0..<graph.ranks {
            let ids = Int(base[rank])..<Int(base[rank + 1])
            spans.append(ids.map { id in
                TaskTimeline.Span(rank: Int32(rank), index: Int32(id - ids.lowerBound),
                                  start: .picoseconds(start[id]), end: .picoseconds(end[id]))
            })
            rankFinish.append(.picoseconds(ids.map { end[$0] }.max() ?? 0))
        }
        return TaskTimeline(spans: spans, links: network.linkUsage(), rankFinish: rankFinish)
    }

    /// Starts ready tasks and retires finished ones until neither is left; a worklist rather than
    /// recursion, so long chains of instantaneous tasks cannot overflow the stack.
    mutating func settle() {
        while true {
            if let (task, time) = finished.popLast() {
                end[Int(task)] = time.picosecondsSinceStart
                for k in Int(dependentStart[Int(task)])..<Int(dependentStart[Int(task) + 1]) {
                    let next = dependents[k]
                    pending[Int(next)] -= 1
                    if pending[Int(next)] == 0 { ready.append((next, time)) }
                }
            } else if let (task, time) = ready.popLast() {
                begin(task: task, at: time)
            } else {
                return
            }
        }
    }

    func rank(of task: Int32) -> Int {
        // Ranks own contiguous id ranges; binary search over `base`.
        var low = 0, high = graph.ranks
        while high - low > 1 {
            let mid = (low + high) / 2
            if base[mid] <= task { low = mid } else { high = mid }
        }
        return low
    }

    mutating func begin(task: Int32, at time: SimTime) {
        start[Int(task)] = time.picosecondsSinceStart
        let owner = rank(of: task)
        switch graph.tasks[owner][Int(task - base[owner])].work {
        case let .compute(duration):
            if duration.picoseconds <= 0 {
                finished.append((task, time))
            } else {
                clock.schedule(.taskDone(task: task), at: time + duration)
            }
        case let .send(to, bytes, tag):
            let id = network.start(bytes: bytes, along: routes.route(from: owner, to: to), at: time)
            inFlight[id.rawValue] = .pointToPoint(senderTask: task, key: MessageKey(source: Int32(owner), destination: Int32(to), tag: tag))
        case let .receive(from, _, tag):
            let key = MessageKey(source: Int32(from), destination: Int32(owner), tag: tag)
            if arrived.remove(key) != nil {
                finished.append((task, time))
            } else {
                waiting[key] = task
            }
        case let .collective(_, group):
            let instance = instanceOf[Int(task)]
            guard let member = memberIndex[group][owner] else { preconditionFailure("validated in init") }
            instances[Int(instance)].task[Int(member)] = task
            instances[Int(instance)].step[Int(member)] = 0
            advance(instance: instance, member: member, at: time)
        }
    }

    /// Runs `member` of `instance` through the steps that need no waiting, from its current step.
    mutating func advance(instance: Int32, member: Int32, at time: SimTime) {
        let i = Int(instance), m = Int(member)
        let schedule = instances[i].schedule
        while Int(instances[i].step[m]) < schedule.stepCount {
            let current = Int(instances[i].step[m])
            var waits: Int32 = 0
            var reduced: Int64 = 0
            // A reused buffer, moved out of `self` so that the closure below captures only it.
            var batch = self.batch
            self.batch = []
            batch.removeAll(keepingCapacity: true)
            schedule.forEachTransfer(inStep: current, involving: m) { batch.append($0) }
            defer { self.batch = batch }
            for transfer in batch {
                let bytes = schedule.bytes(of: transfer)
                if Int(transfer.source) == m {
                    let members = instances[i].members
                    let route = routes.route(from: members[m], to: members[Int(transfer.destination)])
                    let id = network.start(bytes: bytes, along: route, at: time)
                    inFlight[id.rawValue] = .collective(instance: instance, step: Int32(current),
                                                        source: transfer.source, destination: transfer.destination)
                    waits += 1
                }
                if Int(transfer.destination) == m {
                    waits += 1
                    if transfer.reduces { reduced += bytes }
                }
            }
            let key = Int64(m) * Int64(schedule.stepCount) + Int64(current)
            if let early = instances[i].early.removeValue(forKey: key) { waits -= early }
            instances[i].outstanding[m] = waits
            instances[i].reduceBytes[m] = reduced
            if waits > 0 { return }
            if finishStep(instance: instance, member: member, at: time) { return }
        }
        finished.append((instances[i].task[m], time))
    }

    /// Ends a member's step; true when a reduction delays the next step (a clock event resumes it).
    mutating func finishStep(instance: Int32, member: Int32, at time: SimTime) -> Bool {
        let delay = Double(instances[Int(instance)].reduceBytes[Int(member)]) * reducePicosecondsPerByte
        if delay > 0 {
            clock.schedule(.memberResume(instance: instance, member: member), at: time + .picoseconds(Int64(delay.rounded(.up))))
            return true
        }
        instances[Int(instance)].step[Int(member)] += 1
        return false
    }

    mutating func deliver(_ completion: TransferCompletion) {
        guard let message = inFlight.removeValue(forKey: completion.id.rawValue) else {
            preconditionFailure("the network delivered \(completion.id), which was never started")
        }
        switch message {
        case let .collective(instance, step, source, destination):
            arrive(instance: instance, member: source, step: step, at: completion.time)
            arrive(instance: instance, member: destination, step: step, at: completion.time)
        case let .pointToPoint(senderTask, key):
            finished.append((senderTask, completion.time))
            if let receiver = waiting.removeValue(forKey: key) {
                // A receive's span covers the data in flight, not the wait for the sender to start:
                // that wait is the peer's compute (in a pipeline, the bubble), not communication.
                start[Int(receiver)] = max(start[Int(receiver)], start[Int(senderTask)])
                finished.append((receiver, completion.time))
            } else {
                arrived.insert(key)
            }
        }
    }

    mutating func arrive(instance: Int32, member: Int32, step messageStep: Int32, at time: SimTime) {
        let i = Int(instance), m = Int(member)
        guard instances[i].step[m] == messageStep else {
            let key = Int64(m) * Int64(instances[i].schedule.stepCount) + Int64(messageStep)
            instances[i].early[key, default: 0] += 1
            return
        }
        instances[i].outstanding[m] -= 1
        if instances[i].outstanding[m] == 0 && !finishStep(instance: instance, member: member, at: time) {
            advance(instance: instance, member: member, at: time)
        }
    }
}
