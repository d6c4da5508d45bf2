/** Commit author of the git repositories that tests create. */
export const testAuthor = { name: 'Test Author', email: 'author@example.com' };

/** A Deployment with one container `web` running `web:0.1`, for overlays that set its tag. */
export const webDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - {name: web, image: web:0.1}
`;
