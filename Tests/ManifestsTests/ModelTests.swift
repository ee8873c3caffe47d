import Manifests
import Testing

@Suite("YAML model with positions")
struct ModelTests {
    @Test("keys and values carry line and column")
    func positions() throws {
        let loaded = Fixtures.load(text: """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: "nginx:1.27"
        """)
        let object = try #require(loaded.objects.first)
        #expect(object.kind == "Pod" && object.name == "web")
        let image = try #require(object.node(at: "spec.containers[0].image"))
        #expect(image.string == "nginx:1.27")
        #expect(image.position == Position(line: 8, column: 14))
        #expect(object.keyLocation(of: "spec.containers[0].image").position == Position(line: 8, column: 7))
        #expect(object.containers.map(\.path.description) == ["spec.containers[0]"])
    }

    @Test("documents keep their own lines across --- separators and empty documents are skipped")
    func multiDocument() throws {
        let loaded = Fixtures.load(text: "---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n")
        #expect(loaded.findings.isEmpty)
        #expect(loaded.objects.map(\.name) == ["a", "b"])
        #expect(loaded.objects.map(\.root.position.line) == [4, 10])
        #expect(loaded.objects[1].keyLocation(of: "metadata.name").position == Position(line: 13, column: 3))
    }

    @Test("plain scalars resolve like Kubernetes' YAML 1.1 reader")
    func scalars() throws {
        let loaded = Fixtures.load(text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: yes, b: \"yes\", c: 0x1F, d: 1.5, e: ~, f: 010, g: web}\n")
        let data = try #require(loaded.objects.first?.node(at: "data"))
        #expect(data["a"]?.scalar?.kind == .boolean)
        #expect(data["b"]?.string == "yes")
        #expect(data["c"]?.int == 31)
        #expect(data["d"]?.scalar?.kind == .float)
        #expect(data["e"]?.isNull == true)
        #expect(data["f"]?.int == 8)
        #expect(data["g"]?.string == "web")
    }

    @Test("merge keys apply, explicit keys win")
    func mergeKeys() throws {
        let loaded = Fixtures.load(text: "base: &b {cpu: 1, memory: 1Gi}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  <<: *b\n  cpu: \"2\"\n")
        let data = try #require(loaded.objects.first?.node(at: "data"))
        #expect(data.entries?.map(\.key) == ["cpu", "memory"])
        #expect(data["cpu"]?.string == "2")
    }

    @Test("pod specs are found in every workload kind, init containers included")
    func podSpecs() throws {
        let loaded = try Fixtures.load("checks/container-resources/fail.yaml")
        let cronJob = try #require(loaded.objects.first)
        #expect(cronJob.podSpecPath?.description == "spec.jobTemplate.spec.template.spec")
        #expect(cronJob.containers.map(\.name) == ["wait", "cleanup"])
        #expect(cronJob.containers.map(\.kind) == [.initContainer, .container])
        #expect(cronJob.containers[0].path.description == "spec.jobTemplate.spec.template.spec.initContainers[0]")
    }

    @Test("label selectors: matchLabels and matchExpressions")
    func selectors() throws {
        let loaded = Fixtures.load(text: "apiVersion: v1\nkind: X\nsel:\n  matchLabels: {app: web}\n  matchExpressions:\n    - {key: tier, operator: In, values: [fe, be]}\n    - {key: canary, operator: DoesNotExist}\n")
        let node = try #require(loaded.objects.first?.node(at: "sel"))
        let selector = LabelSelector(selectorNode: node)
        #expect(selector.matches(["app": "web", "tier": "fe"]))
        #expect(!selector.matches(["app": "web", "tier": "db"]))
        #expect(!selector.matches(["app": "web", "tier": "fe", "canary": "1"]))
        #expect(!selector.matches(["tier": "fe"]))
    }
}
