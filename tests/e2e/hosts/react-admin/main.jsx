import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AdminCenter } from "./AdminCenter.jsx";

const apiBase = document.querySelector('meta[name="graph-api-base"]').content;

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <AdminCenter apiBase={apiBase} />
  </StrictMode>,
);
