// Sign-in through Clerk: Convex accepts the tokens this issuer signs.
export default {
  providers: [
    {
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN,
      applicationID: "convex",
    },
  ],
};
