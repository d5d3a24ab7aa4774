import XCTest
@testable import Recurrent
final class ModelZZDebugTests: XCTestCase {
    func testCE() throws {
        let O = 3
        let y = Buffer([0.1, 0.2, 0.3, 1, -1, 0.5, 0, 0, 0, 2, 1, 0])
        let t = StepTargets(values: [2, 0, 1, 1], present: [true, true, false, true], width: 1)
        let d = Buffer(12)
        let r = try Loss.evaluate(.ce, output: y, width: O, targets: t, dOutput: d)
        print("LOSS", r as Any, d.array)
    }
}
