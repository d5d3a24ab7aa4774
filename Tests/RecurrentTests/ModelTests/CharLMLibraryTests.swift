import Foundation
import XCTest
@testable import Recurrent

/// The character-model library: Vocabulary, CharTraining, CharSampler.
final class ModelCharLMTests: XCTestCase {
    func testVocabularyIsSortedScalars() throws {
        let v = Vocabulary(text: "hello world")
        XCTAssertEqual(v.symbols.map { String($0) }, [" ", "d", "e", "h", "l", "o", "r", "w"])
        XCTAssertEqual(v.count, 8)
        XCTAssertEqual(v.token("l"), 4)
        XCTAssertNil(v.token("z"))
        let (tokens, skipped) = try v.encode("hello")
        XCTAssertEqual(tokens, [3, 2, 4, 4, 5])
        XCTAssertEqual(skipped, 0)
    }

    func testKoreanText() throws {
        let text = "안녕하세요, 세계!\n안녕."
        let v = Vocabulary(text: text)
        // Unicode scalars (precomposed Hangul syllables), sorted by code point.
        let expected = Array(Set(text.unicodeScalars)).sorted { $0.value < $1.value }
        XCTAssertEqual(v.symbols, expected)
        XCTAssertEqual(v.symbols.first, "\n")
        XCTAssertEqual(v.symbols.last, "하")
        XCTAssertTrue(v.symbols.contains("녕"))
        let (tokens, _) = try v.encode(text)
        XCTAssertEqual(tokens.count, text.unicodeScalars.count)
        XCTAssertEqual(String(String.UnicodeScalarView(tokens.map { v.symbols[Int($0)] })), text)
        // Decomposed jamo are other scalars: not in the vocabulary.
        XCTAssertThrowsError(try v.encode("안녕".decomposedStringWithCanonicalMapping))
    }

    func testJSONRoundTrip() throws {
        let text = "a\"b\\c\n\t\u{1}é안😀 /"
        let v = Vocabulary(text: text)
        let json = v.json
        let back = try Vocabulary(json: json)
        XCTAssertEqual(back, v)
        XCTAssertEqual(back.symbols, v.symbols)
        // It is a JSON array of one-character strings that Foundation reads the same way.
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        XCTAssertEqual(parsed, v.symbols.map { String($0) })
        // Bad vocabularies are refused.
        for bad in ["{}", "[]", "[\"ab\"]", "[\"a\",\"a\"]", "[1]", "not json"] {
            XCTAssertThrowsError(try Vocabulary(json: bad), bad)
        }
    }

    func testEncodeErrorNamesCharacterAndPosition() throws {
        let v = Vocabulary(text: "abc\n")
        XCTAssertThrowsError(try v.encode("ab\nbxa")) { error in
            let m = "\(error)"
            XCTAssertTrue(m.contains("'x'"), m)
            XCTAssertTrue(m.contains("U+0078"), m)
            XCTAssertTrue(m.contains("line 2"), m)
            XCTAssertTrue(m.contains("column 2"), m)
            XCTAssertTrue(m.contains("character 5"), m)
        }
        XCTAssertThrowsError(try v.encode("abc안")) { error in
            let m = "\(error)"
            XCTAssertTrue(m.contains("'안'"), m)
            XCTAssertTrue(m.contains("U+C548"), m)
            XCTAssertTrue(m.contains("column 4"), m)
        }
        let (tokens, skipped) = try v.encode("axbyyc\nz", skipUnknown: true)
        XCTAssertEqual(tokens, [1, 2, 3, 0])   // "\n" sorts first
        XCTAssertEqual(skipped, 4)
    }

    static let text = String(repeating: "the cat sat on the mat. ", count: 24)

    func makeRun(seed: UInt64 = 1, embedding: Bool = false) throws -> (CharTraining, Vocabulary, [Int32]) {
        let vocab = Vocabulary(text: Self.text)
        let tokens = try vocab.encode(Self.text).tokens
        let V = vocab.count
        let cfg = embedding
            ? ModelConfig(cell: .gru, inputSize: 8, hiddenSize: 24, outputSize: V, embeddingVocabulary: V)
            : ModelConfig(cell: .lstm, inputSize: V, hiddenSize: 24, outputSize: V)
        let model = try Model(config: cfg, seed: seed)
        model.metadata["vocab"] = vocab.json
        let trainer = Trainer(model: model, settings: TrainingSettings(loss: .ce, optimizer: OptimizerSettings(kind: .adam, learningRate: 0.03), clipNorm: 5, seed: seed))
        let run = try CharTraining(trainer: trainer, tokens: tokens, vocabulary: vocab, plan: CharPlan(batchSize: 4, seqLen: 16, valFraction: 0.1))
        return (run, vocab, tokens)
    }

    func testCharTrainingLearns() throws {
        for embedding in [false, true] {
            let (run, vocab, tokens) = try makeRun(embedding: embedding)
            let model = run.trainer.model
            XCTAssertEqual(run.trainingCount + run.validationCount, tokens.count)
            let before = try CharTraining.meanLoss(model: model, tokens: tokens)
            XCTAssertEqual(before, log(Double(vocab.count)), accuracy: 0.5, "an untrained model is near uniform")
            let valBefore = try XCTUnwrap(try run.validationLoss())
            var losses: [Double] = []
            try run.run(maxSteps: 60, maxEpochs: nil, progress: { losses.append($0.loss) })
            XCTAssertEqual(losses.count, 60)
            let after = try CharTraining.meanLoss(model: model, tokens: tokens)
            let valAfter = try XCTUnwrap(try run.validationLoss())
            XCTAssertLessThan(after, 0.5 * before, "embedding \(embedding): nats/char \(before) -> \(after)")
            XCTAssertLessThan(valAfter, 0.5 * valBefore)
            XCTAssertGreaterThan(run.epoch, 0)
        }
    }

    func testCharTrainingCheckpointResumeIsBitwise() throws {
        let folder = try MT.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (full, _, tokens) = try makeRun()
        try full.run(maxSteps: 12, maxEpochs: nil)
        XCTAssertEqual(full.chunksPerEpoch, 8)
        // Inside an epoch (carried state) and exactly at its end (state reset).
        for stop in [5, 8] {
            let (part, _, _) = try makeRun()
            try part.run(maxSteps: stop, maxEpochs: nil)
            try part.save(to: folder + "/c.safetensors")
            let resumed = try CharTraining.resume(from: try SafeTensorsFile.read(path: folder + "/c.safetensors"), tokens: tokens)
            XCTAssertEqual(resumed.trainer.step, stop)
            XCTAssertEqual(resumed.epoch, stop / 8)
            try resumed.run(maxSteps: 12, maxEpochs: nil)
            XCTAssertTrue(MT.bitwiseEqual(resumed.trainer.model.parameters, full.trainer.model.parameters), "resumed at \(stop)")
        }
        // A different text is refused.
        var other = tokens
        other[3] = other[3] == 0 ? 1 : 0
        XCTAssertThrowsError(try CharTraining.resume(from: try SafeTensorsFile.read(path: folder + "/c.safetensors"), tokens: other))
    }

    func testSamplerIsSeededAndGreedyAtZeroTemperature() throws {
        let (run, vocab, _) = try makeRun()
        try run.run(maxSteps: 40, maxEpochs: nil)
        let model = run.trainer.model
        func sample(_ seed: UInt64, _ temperature: Double, topK: Int? = nil, n: Int = 40) throws -> String {
            var s = try CharSampler(model: model, vocabulary: vocab, temperature: temperature, topK: topK, seed: seed)
            try s.feed(try vocab.encode("the ").tokens)
            var out = String.UnicodeScalarView()
            for _ in 0..<n { out.append(try s.next()) }
            return String(out)
        }
        let a = try sample(7, 1), b = try sample(7, 1)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.unicodeScalars.count, 40)
        let others = try (8..<12).map { try sample($0, 1.5) }
        XCTAssertGreaterThan(Set(others + [try sample(7, 1.5)]).count, 1, "different seeds should give different texts at high temperature")
        XCTAssertEqual(try sample(3, 0.8, topK: 3), try sample(3, 0.8, topK: 3))

        // Temperature 0: the same text for every seed, and it is the arg-max at every step.
        let g1 = try sample(1, 0), g2 = try sample(999, 0)
        XCTAssertEqual(g1, g2)
        var state = model.makeState()
        var logits: [Float] = []
        for t in try vocab.encode("the ").tokens { logits = try model.step(tokens: [Int(t)], state: &state) }
        var greedy = String.UnicodeScalarView()
        for _ in 0..<40 {
            let k = logits.indices.max { logits[$0] < logits[$1] }!
            greedy.append(vocab.symbols[k])
            logits = try model.step(tokens: [k], state: &state)
        }
        XCTAssertEqual(g1, String(greedy))
        // topK 1 at any temperature is greedy as well.
        XCTAssertEqual(try sample(5, 2, topK: 1), g1)

        // A vocabulary that does not fit the model is refused.
        XCTAssertThrowsError(try CharSampler(model: model, vocabulary: Vocabulary(text: "ab")))
    }
}
