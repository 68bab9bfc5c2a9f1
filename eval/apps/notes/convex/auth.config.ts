export default {
  providers: [{ domain: "https://auth.example.com", applicationID: "convex" }],
};
