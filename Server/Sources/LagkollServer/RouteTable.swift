import HTTPTypes
import Hummingbird

/// Every route the router has, as method and path, recorded from the same route collections the router
/// is given: 405 with its `Allow` header and the test against the OpenAPI document read this, so that
/// neither can drift from what is registered.
struct RouteTable: Sendable {
  struct Route: Sendable, CustomStringConvertible {
    var method: HTTPRequest.Method
    var path: RouterPath
    var description: String { "\(method) \(path)" }
  }

  /// In the order they were registered.
  let routes: [Route]

  init(_ areas: [RouteArea]) {
    let recorder = Recorder()
    for area in areas { recorder.addRoutes(area.routes, atPath: area.path) }
    routes = recorder.routes
  }

  /// The methods a path answers (HEAD wherever GET: the router answers it with GET's handler), or nil
  /// for a path that no route has.
  func allowedMethods(_ path: String) -> [HTTPRequest.Method]? {
    let segments = path.split(separator: "/")
    var methods = Set(routes.filter { Self.matches($0.path, segments) }.map(\.method))
    guard !methods.isEmpty else { return nil }
    if methods.contains(.get) { methods.insert(.head) }
    let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
    return order.filter(methods.contains)
  }

  private static func matches(_ route: RouterPath, _ segments: [Substring]) -> Bool {
    route.components.count == segments.count && zip(route.components, segments).allSatisfy { $0 ~= $1 }
  }

  /// A router that only writes down what it is given.
  private final class Recorder: RouterMethods, @unchecked Sendable {
    typealias Context = ServerContext
    var routes: [Route] = []

    @discardableResult func on<Responder: HTTPResponder>(
      _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
      routes.append(Route(method: method, path: path))
      return self
    }

    func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self { self }
  }
}

/// One area's routes and the path they are added at, as Hummingbird's examples add a controller's
/// `RouteCollection` with `addRoutes(_:atPath:)`.
struct RouteArea {
  var path: RouterPath
  var routes: RouteCollection<ServerContext>

  init(_ path: RouterPath, _ routes: RouteCollection<ServerContext>) {
    self.path = path
    self.routes = routes
  }

  /// Routes that name their whole paths.
  init(_ routes: RouteCollection<ServerContext>) {
    self.init("", routes)
  }
}
